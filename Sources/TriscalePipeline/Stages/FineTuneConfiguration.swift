import TriscaleCore
import TriscaleTrain

/// The training recipe of stages that fine-tune an existing model (prune,
/// quantization-aware training): `triscale train`'s keys with shorter defaults.
public struct FineTuneConfiguration: ConfigurationPart {
  /// Fine-tuning passes over the training set (0: none).
  public var epochs = 10
  /// Images per step.
  public var batchSize = 128
  /// Peak learning rate.
  public var learningRate: Float = 0.02
  /// Learning-rate schedule in ``LearningRateSchedule`` text form.
  public var schedule = "cosine:warmup=0.05"
  /// Weight decay (kernels only).
  public var weightDecay: Float = 5e-4
  /// Label smoothing of the targets.
  public var labelSmoothing: Float = 0.1
  /// Seed of every random choice.
  public var seed: UInt64 = 1
  /// Compute threads.
  public var threads = 2

  /// The default recipe.
  public init() {}

  /// A recipe; every value not given keeps its default.
  public init(
    epochs: Int = 10, batchSize: Int = 128, learningRate: Float = 0.02,
    schedule: String = "cosine:warmup=0.05", weightDecay: Float = 5e-4,
    labelSmoothing: Float = 0.1, seed: UInt64 = 1, threads: Int = 2
  ) {
    (self.epochs, self.batchSize, self.learningRate, self.schedule) = (
      epochs, batchSize, learningRate, schedule
    )
    (self.weightDecay, self.labelSmoothing, self.seed, self.threads) = (
      weightDecay, labelSmoothing, seed, threads
    )
  }

  /// The YAML keys, which are the command-line flag names.
  public enum CodingKeys: String, CodingKey, CaseIterable {
    case epochs
    case batchSize = "batch-size"
    case learningRate = "learning-rate"
    case schedule
    case weightDecay = "weight-decay"
    case labelSmoothing = "label-smoothing"
    case seed, threads
  }

  /// Checks the values: threads, epochs in 0...``Bounds/epochs``, the batch
  /// size, and, when fine-tuning, the rest of the recipe as `triscale train` does.
  public func validate() throws {
    try Bounds.checkThreads(threads)
    try Bounds.check(
      epochs, in: 0...Bounds.epochs, name: "--epochs", fix: "Use 0 (no fine-tuning) or more")
    try Bounds.check(
      batchSize, in: Bounds.batchSize, name: "--batch-size", fix: "Use a batch size such as 128")
    if epochs > 0 { _ = try trainingOptions(model: "model") }
  }

  /// The trainer's options for `model`.
  public func trainingOptions(model: String) throws -> TrainingOptions {
    let options = TrainingOptions(
      model: model, epochs: epochs, batchSize: batchSize, learningRate: learningRate,
      weightDecay: weightDecay, schedule: schedule, labelSmoothing: labelSmoothing, seed: seed)
    try options.validate()
    return options
  }
}
