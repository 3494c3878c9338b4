import Foundation
import TriscaleCore
import TriscaleEngine
import TriscaleGraph
import TriscaleTrain

/// Measures training throughput: full optimizer steps (forward, backward,
/// SGD with momentum 0.9, weight decay 5e-4, learning rate 0.05) on one
/// seeded random batch, the same setting as the peers in `bench/`. With a
/// multi-rank communicator every step also averages the gradients across
/// ranks, and the throughput counts the images of all ranks.
struct ThroughputProbe {
  var graph: Graph
  var microBatch: Int
  var accumulate: Int
  var warmup: Int
  var steps: Int
  var communicator: Communicator = SingleProcess()
  var precision: Precision = .fp32

  /// What one measurement found.
  struct Measurement: Codable {
    var model: String
    var batch: Int
    var microBatch: Int
    var accumulate: Int
    var steps: Int
    var ranks: Int
    var computePath: String
    var seconds: Double
    var samplesPerSecond: Double
    var batchesPerSecond: Double
  }

  func measure() throws -> Measurement {
    let batch = microBatch * accumulate
    var parameters = ParameterStore(initializing: graph, seed: 1)
    var optimizer = try SGD(momentum: 0.9, nesterov: false, weightDecay: 5e-4)
    let step = try GradientStep(
      graph: graph, microBatch: microBatch, labelSmoothing: 0, seed: 1, precision: precision)
    var scaler = precision == .fp16 ? LossScaler() : nil
    var random = SeededRandom(seed: 7 &+ UInt64(communicator.rank))
    let images = (0..<(batch * graph.inputShape.reduce(1, *))).map { _ in random.nextNormal() }
    let classes = Int32(graph.outputShape.reduce(1, *))
    let labels = (0..<batch).map { _ in Int32(random.nextInt(below: Int(classes))) }
    func run(_ index: Int) throws {
      var gradients = try step.gradients(
        images: images, labels: labels, parameters: &parameters, step: index,
        lossScale: scaler?.scale ?? 1
      ).gradients
      try communicator.average(&gradients)
      guard scaler?.unscale(&gradients) ?? true else { return }
      try optimizer.step(parameters: &parameters, gradients: gradients, learningRate: 0.05)
    }
    for index in 0..<warmup { try run(index) }
    try communicator.barrier()
    let start = DispatchTime.now().uptimeNanoseconds
    for index in 0..<steps { try run(warmup + index) }
    try communicator.barrier()
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let processed = Double(batch * steps * communicator.size)
    return Measurement(
      model: graph.name, batch: batch, microBatch: microBatch, accumulate: accumulate, steps: steps,
      ranks: communicator.size, computePath: step.computePath.description, seconds: seconds,
      samplesPerSecond: processed / seconds,
      batchesPerSecond: Double(steps) / seconds)
  }
}
