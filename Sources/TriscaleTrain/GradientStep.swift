import TriscaleCore
import TriscaleEngine
import TriscaleGraph

/// The gradient of one optimizer step's batch, computed in micro-batches.
///
/// A batch of `k · microBatch` images is run as `k` forward/backward passes
/// whose loss gradients are scaled by `1/k` and whose parameter gradients are
/// summed: the result equals one pass over the whole batch up to floating
/// point, except that batch norm normalizes each micro-batch with its own
/// statistics (and folds each into its moving averages).
public final class GradientStep {
  /// Images per forward/backward pass.
  public let microBatch: Int
  private let executor: FloatExecutor
  private let imageSize: Int
  /// What each micro-batch's loss is.
  public let objective: any TrainingObjective
  private let seed: UInt64

  /// What one step's batch yields.
  public struct Output {
    /// Mean loss over the batch.
    public var loss: Float
    /// Images whose top-1 prediction was right.
    public var correct: Int
    /// Gradients of every trainable parameter (mean over the batch).
    public var gradients: ParameterStore
  }

  /// Which kernels the executor runs, and in which precision.
  public var computePath: ComputePath { executor.computePath }

  /// Plans the executor for `objective`; `precision` is the activation
  /// precision (fp32 parameters either way).
  public init(
    graph: Graph, microBatch: Int, objective: any TrainingObjective, seed: UInt64,
    precision: Precision = .fp32
  ) throws {
    self.microBatch = microBatch
    executor = try FloatExecutor(
      graph: graph, batchSize: microBatch, training: true, precision: precision)
    imageSize = graph.inputShape.reduce(1, *)
    self.objective = objective
    self.seed = seed
  }

  /// Loss, correct count and gradients of the batch `images`/`targets`, whose
  /// size must be a multiple of ``microBatch``; `step` seeds dropout. The
  /// gradients are of the loss times `lossScale` (see ``LossScaler``); the
  /// reported loss is unscaled.
  public func gradients(
    images: [Float], targets: TrainingTargets, parameters: inout ParameterStore, step: Int,
    lossScale: Float = 1
  ) throws -> Output {
    let labels = targets.labels
    let parts = labels.count / microBatch
    guard parts > 0, parts * microBatch == labels.count, images.count == labels.count * imageSize
    else {
      throw TriscaleError.invalidArgument(
        name: "batch",
        problem: "\(labels.count) images is not a multiple of the micro-batch \(microBatch)",
        fix: "Use a batch that is a whole number of micro-batches")
    }
    var total = ParameterStore()
    var loss: Float = 0
    var correct = 0
    for part in 0..<parts {
      let logits = try images.withUnsafeBufferPointer { all in
        try executor.forward(
          images: UnsafeBufferPointer(
            rebasing: all[(part * microBatch * imageSize)..<((part + 1) * microBatch * imageSize)]),
          parameters: &parameters, training: true,
          seed: seed &* 0x9E37_79B9 &+ UInt64(step) &* 4096 &+ UInt64(part))
      }
      var output = try objective.loss(
        logits: Tensor(shape: [microBatch, executor.outputWidth], storage: logits),
        targets: targets.rows((part * microBatch)..<((part + 1) * microBatch)))
      if parts > 1 || lossScale != 1 {
        let scale = lossScale / Float(parts)
        for index in 0..<output.gradient.count { output.gradient.storage[index] *= scale }
      }
      let gradients = try executor.backward(outputGradient: output.gradient.storage)
      if part == 0 {
        total = gradients
      } else {
        for key in gradients.keys {
          guard var sum = total[key], let add = gradients[key] else { continue }
          sum.storage.withUnsafeMutableBufferPointer { target in
            add.storage.withUnsafeBufferPointer { source in
              for index in 0..<target.count { target[index] += source[index] }
            }
          }
          total[key] = sum
        }
      }
      loss += output.loss / Float(parts)
      correct += output.correct
    }
    return Output(loss: loss, correct: correct, gradients: total)
  }
}
