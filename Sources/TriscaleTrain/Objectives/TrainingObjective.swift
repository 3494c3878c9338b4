import TriscaleCore
import TriscaleEngine

/// The labels of one micro-batch and where its images came from: what a
/// ``TrainingObjective`` may look up besides the logits.
public struct TrainingTargets: Sendable, Equatable {
  /// One label per image.
  public var labels: [Int32]
  /// The dataset index of each image (empty when the images are not from a dataset).
  public var indices: [Int]
  /// The augmentation view the images were drawn with (``Batch/view``).
  public var view: Int

  /// Targets of images `indices` (drawn with augmentation `view`) labelled `labels`.
  public init(labels: [Int32], indices: [Int] = [], view: Int = 0) {
    (self.labels, self.indices, self.view) = (labels, indices, view)
  }

  /// The targets of rows `range`.
  func rows(_ range: Range<Int>) -> TrainingTargets {
    TrainingTargets(
      labels: Array(labels[range]), indices: indices.isEmpty ? [] : Array(indices[range]),
      view: view)
  }
}

/// What training minimizes: a loss of a micro-batch's logits and targets,
/// with its gradient with respect to the logits. The ``Trainer`` takes one;
/// cross-entropy with label smoothing is the default, distillation is another.
public protocol TrainingObjective: Sendable {
  /// The loss, its gradient (already divided by the batch size) and the
  /// number of rows whose top-1 prediction equals the label, for `logits`
  /// [rows, classes] of the images `targets` describes.
  func loss(logits: Tensor, targets: TrainingTargets) throws -> Loss.Output

  /// The fixed number of augmented copies of each image the objective needs
  /// the training data drawn from (``BatchLoader/augmentationViews``); `nil`
  /// when any augmentation will do.
  var augmentationViews: Int? { get }
}

extension TrainingObjective {
  /// Any augmentation will do.
  public var augmentationViews: Int? { nil }
}

/// Softmax cross-entropy against the labels, smoothed by `labelSmoothing`
/// (``Loss/softmaxCrossEntropy(logits:labels:labelSmoothing:)``).
public struct CrossEntropyObjective: TrainingObjective {
  /// Label smoothing of the target, in [0, 1).
  public var labelSmoothing: Float

  /// Cross-entropy with `labelSmoothing`.
  public init(labelSmoothing: Float = 0) { self.labelSmoothing = labelSmoothing }

  /// The smoothed cross-entropy of `logits` against `targets`' labels.
  public func loss(logits: Tensor, targets: TrainingTargets) throws -> Loss.Output {
    try Loss.softmaxCrossEntropy(
      logits: logits, labels: targets.labels, labelSmoothing: labelSmoothing)
  }
}
