import ArgumentParser
import Foundation
import TriscaleCore
import TriscaleData

/// Which dataset a command reads: `--dataset synthetic|cifar10|idx` and `--data-dir`.
struct DatasetOptions: ParsableArguments {
  @Option(help: "synthetic (built in), cifar10 (binary batches) or idx (MNIST layout).")
  var dataset = "synthetic"

  @Option(
    help:
      "Directory of the dataset files (cifar10: data_batch_*.bin, test_batch.bin; idx: train-images-idx3-ubyte, …)."
  )
  var dataDir: String?

  @Option(help: "Use only the first N training images (0: all).")
  var trainLimit = 0

  /// Loads one split.
  func load(_ split: Split) throws -> Dataset {
    var loaded: Dataset
    switch dataset {
    case "synthetic":
      loaded = SyntheticDataset.standard(split: split)
    case "cifar10":
      loaded = try CIFAR10Reader.load(directory: try directory(), split: split)
    case "idx":
      let prefix = split == .train ? "train" : "t10k"
      let base = try directory()
      loaded = try IDXReader.load(
        images: "\(base)/\(prefix)-images-idx3-ubyte",
        labels: "\(base)/\(prefix)-labels-idx1-ubyte",
        name: "idx:\(base)")
    default:
      throw TriscaleError.invalidArgument(
        name: "--dataset", problem: "unknown dataset '\(dataset)'",
        fix: "Use synthetic, cifar10 or idx")
    }
    if split == .train, trainLimit > 0, trainLimit < loaded.count {
      loaded = loaded.prefix(trainLimit)
    }
    return loaded
  }

  /// The normalization for this dataset: CIFAR-10's constants, or fitted on the training split.
  func normalization(train: Dataset) -> Normalization {
    dataset == "cifar10" ? .cifar10 : .fit(train)
  }

  private func directory() throws -> String {
    guard let dataDir else {
      throw TriscaleError.invalidArgument(
        name: "--data-dir", problem: "--dataset \(dataset) needs a directory",
        fix: "Pass --data-dir DIR")
    }
    return dataDir
  }

  func validate() throws {
    guard trainLimit >= 0 else { throw ValidationError("--train-limit must not be negative") }
  }
}
