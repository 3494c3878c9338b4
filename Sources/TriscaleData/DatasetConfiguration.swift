import Foundation
import TriscaleCore

/// Which dataset a stage reads, as plain data: the command-line flags
/// `--dataset`, `--data-dir` and `--train-limit` and a pipeline file's
/// `data:` mapping both decode into it.
public struct DatasetConfiguration: Codable, Hashable, Sendable {
  /// `synthetic` (built in), `cifar10` (binary batches) or `idx` (MNIST layout).
  public var kind: String
  /// The directory of the dataset files; required for every kind but `synthetic`.
  public var directory: String?
  /// Use only the first N training images (0: all).
  public var trainLimit: Int

  /// The kinds this build reads.
  public static let kinds = ["synthetic", "cifar10", "idx"]

  /// A configuration; the default is the built-in synthetic dataset.
  public init(kind: String = "synthetic", directory: String? = nil, trainLimit: Int = 0) {
    self.kind = kind
    self.directory = directory
    self.trainLimit = trainLimit
  }

  /// The YAML keys, which are the command-line flag names.
  public static var keys: [String] { CodingKeys.allCases.map(\.stringValue) }

  enum CodingKeys: String, CodingKey, CaseIterable {
    case kind = "dataset"
    case directory = "data-dir"
    case trainLimit = "train-limit"
  }

  public init(from decoder: Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    self.init(
      kind: try container.decodeIfPresent(String.self, forKey: .kind) ?? "synthetic",
      directory: try container.decodeIfPresent(String.self, forKey: .directory),
      trainLimit: try container.decodeIfPresent(Int.self, forKey: .trainLimit) ?? 0)
  }

  /// Checks the values without reading any file.
  public func validate() throws {
    guard DatasetConfiguration.kinds.contains(kind) else {
      throw TriscaleError.invalidArgument(
        name: "--dataset", problem: "unknown dataset '\(kind)'",
        fix: "Use one of: \(DatasetConfiguration.kinds.joined(separator: ", "))")
    }
    guard trainLimit >= 0 else {
      throw TriscaleError.invalidArgument(
        name: "--train-limit", problem: "\(trainLimit) is negative",
        fix: "Use 0 (all images) or a positive count")
    }
    if kind != "synthetic" { _ = try requiredDirectory() }
  }

  /// Loads one split.
  public func load(_ split: Split) throws -> Dataset {
    try validate()
    var loaded: Dataset
    switch kind {
    case "cifar10":
      loaded = try CIFAR10Reader.load(directory: try requiredDirectory(), split: split)
    case "idx":
      let prefix = split == .train ? "train" : "t10k"
      let base = try requiredDirectory()
      loaded = try IDXReader.load(
        images: "\(base)/\(prefix)-images-idx3-ubyte",
        labels: "\(base)/\(prefix)-labels-idx1-ubyte",
        name: "idx:\(base)")
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

  private func requiredDirectory() throws -> String {
    guard let directory else {
      throw TriscaleError.invalidArgument(
        name: "--data-dir", problem: "--dataset \(kind) needs a directory",
        fix: "Pass --data-dir DIR")
    }
    return directory
  }
}

extension DatasetConfiguration {
  /// A cheap, stable identity of the data: the configuration and, for
  /// file-based kinds, each regular file in the directory with its size and
  /// modification time (contents are not hashed).
  public func fingerprint() throws -> String {
    var parts = ["\(kind)|\(directory ?? "")|\(trainLimit)"]
    if let directory, kind != "synthetic" {
      let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
      for name in names.sorted() {
        let attributes = try? FileManager.default.attributesOfItem(atPath: directory + "/" + name)
        guard attributes?[.type] as? FileAttributeType == .typeRegular else { continue }
        let size = attributes?[.size] as? Int ?? 0
        let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        parts.append("\(name)|\(size)|\(modified)")
      }
    }
    return parts.joined(separator: "\n")
  }
}
