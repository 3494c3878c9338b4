import ArgumentParser
import TriscaleEngine
import TriscalePipeline

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

  /// The library configuration these flags describe.
  var measurement: TrainingThroughput.Configuration {
    var configuration = TrainingThroughput.Configuration()
    configuration.model = model
    configuration.batch = batch
    configuration.threads = threads
    configuration.precision = precision
    configuration.warmup = warmup
    configuration.steps = steps
    configuration.distributed = distributed
    return configuration
  }

  func validate() throws { try measurement.validate() }

  func run() throws {
    guard let result = try TrainingThroughput.run(measurement) else { return }  // not rank 0
    for line in json ? [result.jsonLine] : result.lines { print(line) }
  }
}
