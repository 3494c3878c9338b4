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
  public var epoch: Int
  public var step: Int
  public var stepsPerEpoch: Int
  public var totalEpochs: Int
  public var loss: Double
  public var accuracy: Double
  public var learningRate: Float
  public var samplesPerSecond: Double
  /// Estimated seconds until training ends.
  public var remainingSeconds: Double
}

/// The result of one epoch.
public struct EpochSummary: Sendable {
  public var epoch: Int
  public var totalEpochs: Int
  public var trainLoss: Double
  public var trainAccuracy: Double
  public var test: Evaluation?
  public var seconds: Double
  public var samplesPerSecond: Double
}
