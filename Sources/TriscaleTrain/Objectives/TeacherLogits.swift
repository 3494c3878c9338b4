import Foundation
import TriscaleCore
import TriscaleData
import TriscaleEngine

/// A teacher's logits for a fixed set of augmented copies ("views") of every
/// training image, computed once so that distillation costs one teacher
/// forward pass per view instead of one per training step.
///
/// View `v` of image `i` is the augmentation a ``BatchLoader`` with the same
/// seed draws for image `i` in epoch `v`; a loader built with
/// `augmentationViews: views` trains on exactly these copies.
public struct TeacherLogits: Sendable, Equatable {
  /// What they were computed from (teacher, data, augmentation, seed and
  /// views, hashed); a cache with another key is stale.
  public var key: String
  /// Augmented copies per image.
  public var views: Int
  /// Training images covered.
  public var imageCount: Int
  /// Logits per image.
  public var classCount: Int
  /// `views · imageCount · classCount` values, view-major, then image.
  public var values: [Float]

  /// Logits over existing values, checked for consistency.
  public init(key: String, views: Int, imageCount: Int, classCount: Int, values: [Float]) throws {
    guard views > 0, imageCount > 0, classCount > 0,
      views.multipliedReportingOverflow(by: imageCount).partialValue
        .multipliedReportingOverflow(by: classCount) == (values.count, false)
    else {
      throw TriscaleError.invalidArgument(
        name: "teacher logits",
        problem:
          "\(values.count) values are not \(views) views × \(imageCount) images × \(classCount) classes",
        fix: "Compute them with TeacherLogits.compute")
    }
    (self.key, self.views, self.imageCount, self.classCount, self.values) = (
      key, views, imageCount, classCount, values
    )
  }

  /// The logits of `indices` in `view` (`view` taken modulo ``views``), row by row.
  func logits(view: Int, indices: [Int]) throws -> [Float] {
    guard let bad = indices.first(where: { $0 < 0 || $0 >= imageCount }) else {
      let base = (view % views) * imageCount
      var rows: [Float] = []
      rows.reserveCapacity(indices.count * classCount)
      for index in indices {
        let start = (base + index) * classCount
        rows += values[start..<(start + classCount)]
      }
      return rows
    }
    throw TriscaleError.invalidArgument(
      name: "teacher logits",
      problem: "image \(bad) is outside the \(imageCount) images they were computed for",
      fix: "Compute the teacher's logits on the training set the student trains on")
  }

  /// Runs `teacher` over `views` augmented copies of every image of
  /// `dataset` (normalized as the teacher was trained, drawn as a loader
  /// seeded `seed` with `augmentation` draws them); `progress` receives the
  /// views done.
  public static func compute(
    teacher: any InferenceModel, dataset: Dataset, normalization: Normalization,
    augmentation: Augmentation, seed: UInt64, views: Int, key: String,
    progress: (_ viewsDone: Int) -> Void = { _ in }
  ) throws -> TeacherLogits {
    guard teacher.inputShape == dataset.imageShape else {
      throw TriscaleError.invalidArgument(
        name: "--teacher",
        problem:
          "the teacher '\(teacher.name)' takes \(teacher.inputShape) images, the training set has \(dataset.imageShape)",
        fix: "Use a teacher trained on the same dataset")
    }
    guard teacher.outputWidth == dataset.classCount else {
      throw TriscaleError.invalidArgument(
        name: "--teacher",
        problem:
          "the teacher '\(teacher.name)' has \(teacher.outputWidth) outputs, the training set \(dataset.classCount) classes",
        fix: "Use a teacher trained on the same dataset")
    }
    let loader = try BatchLoader(
      dataset: dataset, batchSize: 250, normalization: normalization, augmentation: augmentation,
      shuffle: false, seed: seed, dropLast: false)
    let classes = dataset.classCount
    var values = [Float](repeating: 0, count: views * dataset.count * classes)
    for view in 0..<views {
      for batch in loader.batches(epoch: view) {
        let logits = try batch.images.withUnsafeBufferPointer { try teacher.logits(for: $0) }
        for (row, index) in batch.indices.enumerated() {
          let target = (view * dataset.count + index) * classes
          values.replaceSubrange(
            target..<(target + classes), with: logits[(row * classes)..<((row + 1) * classes)])
        }
      }
      progress(view + 1)
    }
    return try TeacherLogits(
      key: key, views: views, imageCount: dataset.count, classCount: classes, values: values)
  }
}
