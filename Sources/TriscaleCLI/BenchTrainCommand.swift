import ArgumentParser
import Foundation
import TriscaleEngine
import TriscaleGraph
import TriscaleTrain

/// `triscale bench train`: training throughput of one configuration (measured on this host).
struct BenchTrainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "train",
    abstract:
      "Training throughput (forward, backward, SGD update) in samples/s for one model, batch and thread count."
  )

  @Option(help: "Model zoo name.") var model = "resnet8"
  @Option(help: "Images per step.") var batch = 128
  @Option(help: "Compute threads.") var threads = 2
  @Option(help: "Activation precision: fp32, bf16 or fp16.") var precision: Precision = .fp32
  @Option(help: "Untimed warm-up steps.") var warmup = 3
  @Option(help: "Timed steps.") var steps = 20
  @Flag(help: "Print one JSON object instead of a line of text.") var json = false
  @Flag(
    help:
      "Data-parallel over MPI (`mpirun -np N triscale bench train --distributed`); counts all ranks' images."
  )
  var distributed = false

  func validate() throws {
    guard batch > 0, threads > 0, steps > 0, warmup >= 0 else {
      throw ValidationError(
        "--batch, --threads and --steps must be positive and --warmup not negative")
    }
  }

  func run() throws {
    setComputeThreadCount(threads)
    let communicator: Communicator = distributed ? try MPICommunicator() : SingleProcess()
    defer { (communicator as? MPICommunicator)?.finish() }
    let probe = ThroughputProbe(
      graph: try ModelZoo.graph(named: model), microBatch: batch, accumulate: 1, warmup: warmup,
      steps: steps,
      communicator: communicator, precision: precision)
    let result = try probe.measure()
    guard communicator.rank == 0 else { return }
    if !json { print("compute path: \(result.computePath)") }
    if json {
      print(
        "{\"framework\": \"triscale\", \"model\": \"\(model)\", \"batch\": \(batch), \"threads\": \(threads), "
          + "\"ranks\": \(result.ranks), \"precision\": \"\(precision.rawValue)\", \"steps\": \(steps), \"seconds\": \(result.seconds), "
          + "\"samples_per_second\": \(result.samplesPerSecond)}")
    } else {
      print(
        String(
          format:
            "%@ batch %d per rank, %d rank(s) × %d threads: %.1f samples/s (%d steps in %.2f s, measured on this host)",
          model, batch, result.ranks, threads, result.samplesPerSecond, steps, result.seconds))
    }
  }
}
