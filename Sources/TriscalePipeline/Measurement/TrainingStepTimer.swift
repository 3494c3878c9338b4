import Foundation
import TriscaleCore
import TriscaleEngine
import TriscaleGraph
import TriscaleTrain

/// Times training steps: full optimizer steps (forward, backward, SGD with
/// momentum 0.9, weight decay 5e-4, learning rate 0.05) on one seeded random
/// batch, the same setting as the peers in `bench/`. With a multi-rank
/// communicator every step also averages the gradients across ranks, and the
/// throughput counts the images of all ranks.
public struct TrainingStepTimer {
  /// The model to train.
  public var graph: Graph
  /// Images per forward/backward pass.
  public var microBatch: Int
  /// Micro-batches whose gradients make one optimizer step.
  public var accumulate: Int
  /// Untimed steps before timing.
  public var warmup: Int
  /// Timed steps.
  public var steps: Int
  /// The processes the steps run on (one unless under `mpirun`).
  public var communicator: Communicator
  /// The activation precision.
  public var precision: Precision

  /// A timer for `graph` stepping `accumulate` micro-batches of `microBatch` images.
  public init(
    graph: Graph, microBatch: Int, accumulate: Int, warmup: Int, steps: Int,
    communicator: Communicator = SingleProcess(), precision: Precision = .fp32
  ) {
    self.graph = graph
    self.microBatch = microBatch
    self.accumulate = accumulate
    self.warmup = warmup
    self.steps = steps
    self.communicator = communicator
    self.precision = precision
  }

  /// What one measurement found (the rows of `bench/results/throughput-*.json`).
  public struct Measurement: Codable, Sendable {
    /// The model's name.
    public var model: String
    /// Images per optimizer step (micro-batch × accumulate).
    public var batch: Int
    /// Images per forward/backward pass.
    public var microBatch: Int
    /// Micro-batches per optimizer step.
    public var accumulate: Int
    /// Timed steps.
    public var steps: Int
    /// MPI ranks that took part.
    public var ranks: Int
    /// The compute path the trainer chose (oneDNN primitives, precision).
    public var computePath: String
    /// Wall time of the timed steps.
    public var seconds: Double
    /// Images of all ranks per second.
    public var samplesPerSecond: Double
    /// Optimizer steps per second.
    public var batchesPerSecond: Double
  }

  /// Runs the warm-up steps, then times `steps` steps.
  public func measure() throws -> Measurement {
    let batch = microBatch * accumulate
    var parameters = ParameterStore(initializing: graph, seed: 1)
    var optimizer = try SGD(momentum: 0.9, nesterov: false, weightDecay: 5e-4)
    let step = try GradientStep(
      graph: graph, microBatch: microBatch, objective: CrossEntropyObjective(), seed: 1,
      precision: precision)
    var scaler = precision == .fp16 ? LossScaler() : nil
    var random = SeededRandom(seed: 7 &+ UInt64(communicator.rank))
    let images = (0..<(batch * graph.inputShape.reduce(1, *))).map { _ in random.nextNormal() }
    let classes = Int32(graph.outputShape.reduce(1, *))
    let labels = (0..<batch).map { _ in Int32(random.nextInt(below: Int(classes))) }
    func run(_ index: Int) throws {
      var gradients = try step.gradients(
        images: images, targets: TrainingTargets(labels: labels), parameters: &parameters,
        step: index,
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
