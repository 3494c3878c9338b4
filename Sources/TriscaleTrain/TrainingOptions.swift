import TriscaleCore
import TriscaleEngine

/// Everything that defines a training run. The command-line flags of
/// `triscale train` and the keys of its YAML config mirror these one to one.
public struct TrainingOptions: Codable, Equatable, Sendable {
  /// Model zoo name.
  public var model = "resnet8"
  /// Passes over the training set.
  public var epochs = 10
  /// Images per forward/backward pass (micro-batch).
  public var batchSize = 128
  /// Micro-batches whose gradients are summed into one optimizer step: the
  /// update equals one step on a batch `accumulate` times larger (up to
  /// floating point; batch norm sees micro-batch statistics).
  public var accumulate = 1
  /// "sgd" or "adamw".
  public var optimizer = "sgd"
  /// Peak learning rate.
  public var learningRate: Float = 0.1
  /// SGD momentum.
  public var momentum: Float = 0.9
  /// Nesterov momentum for SGD.
  public var nesterov = true
  /// L2 weight decay (SGD) or decoupled decay (AdamW), kernels only.
  public var weightDecay: Float = 5e-4
  /// Learning-rate schedule in ``LearningRateSchedule`` text form.
  public var schedule = "onecycle:peak=0.25"
  /// Label smoothing of the cross-entropy target.
  public var labelSmoothing: Float = 0.1
  /// Random crop (pad 4) and horizontal flip during training.
  public var augment = true
  /// Seed of initialization, shuffling, augmentation and dropout.
  public var seed: UInt64 = 1
  /// Write a mid-epoch checkpoint every this many steps (0: only at epoch ends).
  public var checkpointEvery = 0
  /// Activation precision, a ``Precision`` name: "fp32", "bf16" (bf16
  /// compute where the CPU has kernels for it) or "fp16" (with dynamic loss
  /// scaling). Parameters and the optimizer stay fp32.
  public var precision = "fp32"

  /// The defaults.
  public init() {}

  /// Options; every value not given keeps its default.
  public init(
    model: String = "resnet8", epochs: Int = 10, batchSize: Int = 128, accumulate: Int = 1,
    optimizer: String = "sgd", learningRate: Float = 0.1, momentum: Float = 0.9,
    nesterov: Bool = true, weightDecay: Float = 5e-4, schedule: String = "onecycle:peak=0.25",
    labelSmoothing: Float = 0.1, augment: Bool = true, seed: UInt64 = 1, checkpointEvery: Int = 0,
    precision: String = "fp32"
  ) {
    (self.model, self.epochs, self.batchSize, self.accumulate) = (
      model, epochs, batchSize, accumulate
    )
    (self.optimizer, self.learningRate, self.momentum, self.nesterov) = (
      optimizer, learningRate, momentum, nesterov
    )
    (self.weightDecay, self.schedule, self.labelSmoothing, self.augment) = (
      weightDecay, schedule, labelSmoothing, augment
    )
    (self.seed, self.checkpointEvery, self.precision) = (seed, checkpointEvery, precision)
  }

  /// The YAML keys, which are the command-line flag names.
  public enum CodingKeys: String, CodingKey, CaseIterable {
    case model, epochs
    case batchSize = "batch-size"
    case accumulate, optimizer
    case learningRate = "learning-rate"
    case momentum, nesterov
    case weightDecay = "weight-decay"
    case schedule
    case labelSmoothing = "label-smoothing"
    case augment, seed
    case checkpointEvery = "checkpoint-every"
    case precision
  }

  /// Checks every value, naming the flag, its range and the fix when one is
  /// out of range: epochs 1...``Bounds/epochs``, batch size in
  /// ``Bounds/batchSize``, accumulation 1...4096, learning rate in (0, 10],
  /// momentum, label smoothing in [0, 1), weight decay in [0, 1],
  /// checkpoint interval in ``Bounds/counts``.
  public func validate() throws {
    try Bounds.check(
      epochs, in: 1...Bounds.epochs, name: "--epochs", fix: "Train for at least 1 epoch, e.g. 10")
    try Bounds.check(
      batchSize, in: Bounds.batchSize, name: "--batch-size", fix: "Use a batch size such as 128")
    try Bounds.check(
      accumulate, in: 1...4096, name: "--accumulate",
      fix: "Use 1 (no accumulation) or a small count such as 4")
    try Bounds.checkPositive(
      learningRate, atMost: 10, name: "--learning-rate",
      fix: "Use a value such as 0.1 (SGD) or 0.001 (AdamW)")
    try Bounds.check(momentum, in: 0..<1, name: "--momentum", fix: "Use a value such as 0.9")
    try Bounds.check(
      weightDecay, in: 0...1, name: "--weight-decay", fix: "Use a value such as 5e-4")
    guard ["sgd", "adamw"].contains(optimizer) else {
      throw TriscaleError.invalidArgument(
        name: "--optimizer", problem: "unknown optimizer '\(optimizer)'", fix: "Use sgd or adamw")
    }
    try Bounds.check(
      labelSmoothing, in: 0..<1, name: "--label-smoothing", fix: "Use a value such as 0.1")
    try Bounds.check(
      checkpointEvery, in: Bounds.counts, name: "--checkpoint-every",
      fix: "Use 0 (epoch ends only) or a step count")
    guard Precision(rawValue: precision) != nil else {
      throw TriscaleError.invalidArgument(
        name: "--precision", problem: "unknown precision '\(precision)'",
        fix: "Use fp32, bf16 or fp16")
    }
    _ = try LearningRateSchedule(parsing: schedule)
    _ = try makeOptimizer()
  }

  /// The configured ``precision`` (fp32 when it does not name one; ``validate()`` rejects that).
  public var activationPrecision: Precision { Precision(rawValue: precision) ?? .fp32 }

  /// A fresh optimizer as configured.
  public func makeOptimizer() throws -> any Optimizer {
    switch optimizer {
    case "adamw": return try AdamW(weightDecay: weightDecay)
    default: return try SGD(momentum: momentum, nesterov: nesterov, weightDecay: weightDecay)
    }
  }
}
