/// Top-1 accuracy and mean loss of a model on a dataset.
public struct Evaluation: Sendable, Equatable {
  /// Fraction of images whose top-1 prediction is right.
  public var accuracy: Double
  /// Mean cross-entropy (no smoothing).
  public var loss: Double
  /// Number of images evaluated.
  public var count: Int
}
