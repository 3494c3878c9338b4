import TriscaleEngine

/// What a ``Trainer`` reports while it works, for progress displays and logs.
public enum TrainingEvent: Sendable {
  /// Training (re)starts at `epoch`/`step` of `totalEpochs`/`stepsPerEpoch`.
  case started(epoch: Int, step: Int, totalEpochs: Int, stepsPerEpoch: Int, resumed: Bool)
  /// A step finished; loss and accuracy are running means over the epoch so far.
  case step(StepProgress)
  /// An epoch finished and was evaluated and checkpointed.
  case epochFinished(EpochSummary)
}

/// Progress within an epoch.
public struct StepProgress: Sendable {
  /// The current epoch, from 0.
  public var epoch: Int
  /// Steps finished in this epoch, 1...stepsPerEpoch.
  public var step: Int
  /// Optimizer steps per epoch.
  public var stepsPerEpoch: Int
  /// Epochs in the whole run.
  public var totalEpochs: Int
  /// Mean training loss (label-smoothed cross-entropy) over this epoch so far.
  public var loss: Double
  /// Fraction of this epoch's training images so far with a right top-1
  /// prediction, 0...1.
  public var accuracy: Double
  /// The learning rate of this step.
  public var learningRate: Float
  /// Training images per second since this run (or resume) started, all ranks.
  public var samplesPerSecond: Double
  /// Estimated seconds until training ends.
  public var remainingSeconds: Double
}

/// The result of one epoch.
public struct EpochSummary: Sendable {
  /// The epoch that finished, from 0.
  public var epoch: Int
  /// Epochs in the whole run.
  public var totalEpochs: Int
  /// Mean training loss (label-smoothed cross-entropy) over the epoch.
  public var trainLoss: Double
  /// Fraction of the epoch's training images with a right top-1 prediction, 0...1.
  public var trainAccuracy: Double
  /// The test-set evaluation after the epoch (nil without a test set, and on
  /// ranks other than 0).
  public var test: Evaluation?
  /// Wall time of the epoch, evaluation and checkpoint included, seconds.
  public var seconds: Double
  /// Training images per second over the epoch's training steps, all ranks.
  public var samplesPerSecond: Double
}
