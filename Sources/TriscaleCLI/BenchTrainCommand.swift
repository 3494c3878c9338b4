import ArgumentParser
import Foundation
import TriscaleCore
import TriscaleEngine
import TriscaleGraph

/// `triscale bench train`: training throughput (forward, backward, SGD update) on random data.
struct BenchTrainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "train", abstract: "Training throughput in samples/s for one model, batch and thread count.")

  @Option(help: "Model zoo name.") var model = "resnet8"
  @Option(help: "Images per step.") var batch = 128
  @Option(help: "Compute threads.") var threads = 2
  @Option(help: "Untimed warm-up steps.") var warmup = 3
  @Option(help: "Timed steps.") var steps = 20
  @Flag(help: "Print one JSON object instead of a line of text.") var json = false

  func validate() throws {
    guard batch > 0, threads > 0, steps > 0, warmup >= 0 else {
      throw ValidationError("--batch, --threads and --steps must be positive and --warmup not negative")
    }
  }

  func run() throws {
    setComputeThreadCount(threads)
    let graph = try ModelZoo.graph(named: model)
    var parameters = ParameterStore(initializing: graph, seed: 1)
    let executor = try FloatExecutor(graph: graph, batchSize: batch, training: true)
    var random = SeededRandom(seed: 7)
    let images = (0..<(batch * graph.inputShape.reduce(1, *))).map { _ in random.nextNormal() }
    let gradient = (0..<(batch * executor.outputWidth)).map { _ in random.nextNormal() / Float(batch) }
    func step() throws {
      _ = try images.withUnsafeBufferPointer {
        try executor.forward(images: $0, parameters: &parameters, training: true)
      }
      let gradients = try executor.backward(outputGradient: gradient)
      for key in gradients.keys {
        guard var weights = parameters[key], let delta = gradients[key] else { continue }
        for index in 0..<weights.count { weights.storage[index] -= 0.01 * delta.storage[index] }
        parameters[key] = weights
      }
    }
    for _ in 0..<warmup { try step() }
    let start = DispatchTime.now().uptimeNanoseconds
    for _ in 0..<steps { try step() }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let rate = Double(batch * steps) / seconds
    if json {
      print(
        "{\"framework\": \"triscale\", \"model\": \"\(model)\", \"batch\": \(batch), \"threads\": \(threads), "
          + "\"steps\": \(steps), \"seconds\": \(seconds), \"samples_per_second\": \(rate)}")
    } else {
      print(String(format: "%@ batch %d, %d threads: %.1f samples/s (%d steps in %.2f s)", model, batch, threads, rate, steps, seconds))
    }
  }
}
