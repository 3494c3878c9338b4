import Foundation
import TriscaleCore

/// Which dataset a stage reads, as plain data: the command-line flags
/// (`--dataset`, `--data-dir`, `--train-limit`, `--image-size`,
/// `--channels`, `--test-fraction`) and a pipeline file's `data:` mapping
/// both decode into it.
public struct DatasetConfiguration: Codable, Hashable, Sendable {
  /// `synthetic` (built in), `cifar10` (binary batches), `idx` (MNIST
  /// layout) or `folder` (one subfolder of PNG/JPEG images per class).
  public var kind: String
  /// The directory of the dataset files; required for every kind but `synthetic`.
  public var directory: String?
  /// Use only the first N training images (0: all).
  public var trainLimit: Int
  /// `folder` only: the [height, width] images are resized to (nil: 32×32).
  public var imageSize: [Int]?
  /// `folder` only: 1 (gray) or 3 (RGB) values per pixel (nil: 3).
  public var channels: Int?
  /// `folder` only, without `train/` and `test/` subfolders: the fraction
  /// of each class held out for the test split (nil: 0.2).
  public var testFraction: Double?

  /// The kinds this build reads.
  public static let kinds = ["synthetic", "cifar10", "idx", "folder"]

  /// A configuration; the default is the built-in synthetic dataset.
  public init(
    kind: String = "synthetic", directory: String? = nil, trainLimit: Int = 0,
    imageSize: [Int]? = nil, channels: Int? = nil, testFraction: Double? = nil
  ) {
    self.kind = kind
    self.directory = directory
    self.trainLimit = trainLimit
    self.imageSize = imageSize
    self.channels = channels
    self.testFraction = testFraction
  }

  /// The keys, which are the command-line flag names.
  public enum CodingKeys: String, CodingKey, CaseIterable {
    case kind = "dataset"
    case directory = "data-dir"
    case trainLimit = "train-limit"
    case imageSize = "image-size"
    case channels
    case testFraction = "test-fraction"
  }

  /// Decodes the keys above; `image-size` may be a number (32), a
  /// `HEIGHTxWIDTH` string ("28x28") or a [height, width] list.
  public init(from decoder: Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    var imageSize: [Int]?
    if let side = try? container.decodeIfPresent(Int.self, forKey: .imageSize) {
      imageSize = [side, side]
    } else if let text = try? container.decodeIfPresent(String.self, forKey: .imageSize) {
      imageSize = try DatasetConfiguration.imageSize(parsing: text)
    } else {
      imageSize = try container.decodeIfPresent([Int].self, forKey: .imageSize)
    }
    self.init(
      kind: try container.decodeIfPresent(String.self, forKey: .kind) ?? "synthetic",
      directory: try container.decodeIfPresent(String.self, forKey: .directory),
      trainLimit: try container.decodeIfPresent(Int.self, forKey: .trainLimit) ?? 0,
      imageSize: imageSize, channels: try container.decodeIfPresent(Int.self, forKey: .channels),
      testFraction: try container.decodeIfPresent(Double.self, forKey: .testFraction))
  }

  /// `"32"` as [32, 32] and `"28x28"` as [28, 28] (height × width).
  ///
  /// - Throws: ``TriscaleError/invalidArgument(name:problem:fix:)`` for anything else.
  public static func imageSize(parsing text: String) throws -> [Int] {
    let parts = text.lowercased().replacingOccurrences(of: "×", with: "x").split(
      separator: "x", omittingEmptySubsequences: false)
    let extents = parts.compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    guard (1...2).contains(parts.count), extents.count == parts.count else {
      throw TriscaleError.invalidArgument(
        name: "--image-size", problem: "'\(text)' is not a size",
        fix: "Give one side (32) or HEIGHTxWIDTH (28x28)")
    }
    return extents.count == 1 ? [extents[0], extents[0]] : extents
  }

  /// The [height, width] a folder dataset is resized to.
  public var resolvedImageSize: [Int] { imageSize ?? [32, 32] }
  /// The channels a folder dataset is converted to.
  public var resolvedChannels: Int { channels ?? 3 }
  /// The held-out fraction of a folder dataset without train/ and test/.
  public var resolvedTestFraction: Double { testFraction ?? 0.2 }

  /// Checks the values without reading any file.
  public func validate() throws {
    guard DatasetConfiguration.kinds.contains(kind) else {
      throw TriscaleError.invalidArgument(
        name: "--dataset", problem: "unknown dataset '\(kind)'",
        fix: "Use one of: \(DatasetConfiguration.kinds.joined(separator: ", "))")
    }
    try Bounds.check(
      trainLimit, in: Bounds.counts, name: "--train-limit",
      fix: "Use 0 (all images) or a positive count")
    try validateFolderValues()
    if kind != "synthetic" { _ = try requiredDirectory() }
  }

  /// Checks `imageSize`, `channels` and `testFraction`, given only for `folder`.
  private func validateFolderValues() throws {
    let given = [
      ("--image-size", imageSize != nil), ("--channels", channels != nil),
      ("--test-fraction", testFraction != nil),
    ]
    if kind != "folder", let (flag, _) = given.first(where: { $0.1 }) {
      throw TriscaleError.invalidArgument(
        name: flag, problem: "it applies to --dataset folder only, not \(kind)",
        fix: "Drop \(flag); \(kind) images keep their stored shape and split")
    }
    let size = resolvedImageSize
    guard size.count == 2, size.allSatisfy({ (1...4096).contains($0) }) else {
      throw TriscaleError.invalidArgument(
        name: "--image-size", problem: "\(size) is not a [height, width] in 1...4096",
        fix: "Give one side (32) or HEIGHTxWIDTH (28x28)")
    }
    guard [1, 3].contains(resolvedChannels) else {
      throw TriscaleError.invalidArgument(
        name: "--channels", problem: "\(resolvedChannels) is neither 1 nor 3",
        fix: "Use 1 (gray) or 3 (RGB)")
    }
    guard resolvedTestFraction > 0, resolvedTestFraction < 1 else {
      throw TriscaleError.invalidArgument(
        name: "--test-fraction", problem: "\(resolvedTestFraction) is not between 0 and 1",
        fix: "Use a fraction such as 0.2, or train/ and test/ subfolders")
    }
  }

  /// Loads one split.
  public func load(_ split: Split) throws -> Dataset {
    try validate()
    var loaded: Dataset
    switch kind {
    case "cifar10":
      loaded = try CIFAR10Reader.load(directory: try requiredDirectory(), split: split)
    case "idx":
      let base = try requiredDirectory()
      let files = idxFiles(base)
      loaded = try IDXReader.load(
        images: files[split == .train ? 0 : 2], labels: files[split == .train ? 1 : 3],
        name: "idx:\(base)", classCount: try [files[1], files[3]].map(IDXReader.classCount).max())
    case "folder":
      let size = resolvedImageSize
      loaded = try ImageFolderReader.load(
        directory: try requiredDirectory(), split: split, height: size[0], width: size[1],
        channels: resolvedChannels, testFraction: resolvedTestFraction)
    default:
      loaded = SyntheticDataset.standard(split: split)
    }
    if split == .train, trainLimit > 0, trainLimit < loaded.count {
      loaded = loaded.prefix(trainLimit)
    }
    return loaded
  }

  /// The normalization for this dataset: CIFAR-10's constants, or fitted on the training split.
  public func normalization(train: Dataset) -> Normalization {
    kind == "cifar10" ? .cifar10 : .fit(train)
  }

  /// The four IDX files under `base`: train images, train labels, test images, test labels.
  func idxFiles(_ base: String) -> [String] {
    [
      "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
      "t10k-labels-idx1-ubyte",
    ].map { "\(base)/\($0)" }
  }

  func requiredDirectory() throws -> String {
    guard let directory else {
      throw TriscaleError.invalidArgument(
        name: "--data-dir", problem: "--dataset \(kind) needs a directory",
        fix: "Pass --data-dir DIR")
    }
    return directory
  }
}
