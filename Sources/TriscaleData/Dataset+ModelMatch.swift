import TriscaleCore

extension Dataset {
  /// Throws unless a model takes exactly this dataset's images and classes:
  /// the one check wherever a model meets data (training, fine-tuning,
  /// calibration, evaluation).
  ///
  /// - Parameters:
  ///   - modelName: the model's name, for the message (e.g. "resnet8").
  ///   - inputShape: the model's input, [height, width, channels].
  ///   - classCount: the width of the model's output.
  /// - Throws: ``TriscaleError/invalidArgument(name:problem:fix:)`` naming
  ///   the model's input and classes, the dataset's, and the fix.
  public func checkMatches(modelName: String, inputShape: [Int], classCount: Int) throws {
    guard inputShape != imageShape || classCount != self.classCount else { return }
    let resize =
      inputShape.count == 3 && inputShape != imageShape
      ? " (a folder dataset resizes with --image-size \(inputShape[0])x\(inputShape[1]) --channels \(inputShape[2]))"
      : ""
    throw TriscaleError.invalidArgument(
      name: "dataset \(name)",
      problem:
        "model \(modelName) takes \(Dataset.describe(inputShape)) images in \(classCount) classes, "
        + "but the dataset has \(Dataset.describe(imageShape)) images in \(self.classCount) classes",
      fix:
        "Use the dataset the model was trained on\(resize), or train a model on this dataset with `triscale train`"
    )
  }

  /// `[28, 28, 1]` as "28×28×1".
  static func describe(_ shape: [Int]) -> String {
    shape.map(String.init).joined(separator: "×")
  }
}
