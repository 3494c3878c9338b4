import TriscaleCore

/// A labelled image classification dataset held in memory as raw bytes.
///
/// Images are kept as `UInt8` (0...255) in NHWC order so that large sets stay
/// small (CIFAR-10 train is 150 MB as bytes, four times that as floats); the
/// ``BatchLoader`` converts to normalized floats one batch at a time.
public struct Dataset: Sendable, Equatable {
  /// A short human-readable name, e.g. "cifar10-train".
  public var name: String
  /// The shape of one image: `[height, width, channels]`.
  public var imageShape: [Int]
  /// The number of classes; every label is below it.
  public var classCount: Int
  /// One name per class, index = label (e.g. "cat" for CIFAR-10 label 3).
  public var classNames: [String]
  /// All pixels, `count · height · width · channels` bytes, NHWC order.
  public var pixels: [UInt8]
  /// One label per image, each in `0..<classCount`.
  public var labels: [UInt8]

  /// The number of images.
  public var count: Int { labels.count }

  /// The number of bytes in one image (`height · width · channels`).
  public var imageByteCount: Int { imageShape.reduce(1, *) }

  /// A dataset over existing bytes, checked for consistency.
  ///
  /// - Throws: ``TriscaleError/invalidArgument(name:problem:fix:)`` when the
  ///   image shape is not three positive extents, the pixel count does not
  ///   match `labels.count` images, a label is not below `classCount`, or
  ///   `classNames` has the wrong length (pass `[]` to get "0", "1", ...).
  public init(
    name: String, imageShape: [Int], classCount: Int, classNames: [String] = [],
    pixels: [UInt8], labels: [UInt8]
  ) throws {
    guard imageShape.count == 3, imageShape.allSatisfy({ $0 > 0 }) else {
      throw TriscaleError.invalidArgument(
        name: "dataset \(name) image shape",
        problem: "\(imageShape) is not [height, width, channels]",
        fix: "Give three positive extents, e.g. [32, 32, 3]")
    }
    guard classCount > 0, classCount <= 256 else {
      throw TriscaleError.invalidArgument(
        name: "dataset \(name) class count", problem: "\(classCount) is outside 1...256",
        fix: "Labels are bytes; give the number of distinct classes")
    }
    let imageBytes = imageShape.reduce(1, *)
    guard pixels.count == labels.count * imageBytes else {
      throw TriscaleError.invalidArgument(
        name: "dataset \(name) pixels",
        problem: "\(pixels.count) bytes do not hold \(labels.count) images of \(imageShape)",
        fix: "Give exactly \(labels.count * imageBytes) bytes in NHWC order")
    }
    if let bad = labels.firstIndex(where: { Int($0) >= classCount }) {
      throw TriscaleError.invalidArgument(
        name: "dataset \(name) labels",
        problem: "label \(labels[bad]) of image \(bad) is not below \(classCount)",
        fix: "Raise the class count or fix the labels")
    }
    guard classNames.isEmpty || classNames.count == classCount else {
      throw TriscaleError.invalidArgument(
        name: "dataset \(name) class names",
        problem: "\(classNames.count) names for \(classCount) classes",
        fix: "Give one name per class, or none")
    }
    self.init(
      unchecked: name, imageShape: imageShape, classCount: classCount, classNames: classNames,
      pixels: pixels, labels: labels)
  }

  /// A dataset whose consistency the caller (a reader in this module) has
  /// already established.
  init(
    unchecked name: String, imageShape: [Int], classCount: Int, classNames: [String],
    pixels: [UInt8], labels: [UInt8]
  ) {
    self.name = name
    self.imageShape = imageShape
    self.classCount = classCount
    self.classNames = classNames.isEmpty ? (0..<classCount).map { String($0) } : classNames
    self.pixels = pixels
    self.labels = labels
  }

  /// How many images carry each label, index = label.
  public var classCounts: [Int] {
    var counts = [Int](repeating: 0, count: classCount)
    for label in labels { counts[Int(label)] += 1 }
    return counts
  }

  /// The first `count` images (all of them when `count` is larger), e.g. to
  /// train a quick demo on part of a large set.
  public func prefix(_ count: Int) -> Dataset {
    let kept = min(max(count, 0), self.count)
    return Dataset(
      unchecked: name, imageShape: imageShape, classCount: classCount, classNames: classNames,
      pixels: Array(pixels[0..<(kept * imageByteCount)]), labels: Array(labels[0..<kept]))
  }

  /// The last `count` images (all of them when `count` is larger), e.g. a
  /// held-out slice of the training set that ``prefix(_:)`` does not reach.
  public func suffix(_ count: Int) -> Dataset {
    let kept = min(max(count, 0), self.count)
    let first = self.count - kept
    return Dataset(
      unchecked: name, imageShape: imageShape, classCount: classCount, classNames: classNames,
      pixels: Array(pixels[(first * imageByteCount)...]), labels: Array(labels[first...]))
  }
}
