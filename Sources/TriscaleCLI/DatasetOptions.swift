import ArgumentParser
import TriscaleData

/// Which dataset a command reads: `--dataset synthetic|cifar10|idx` and
/// `--data-dir`, decoded into a ``DatasetConfiguration``.
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

  /// The library configuration these flags describe.
  var configuration: DatasetConfiguration {
    DatasetConfiguration(kind: dataset, directory: dataDir, trainLimit: trainLimit)
  }

  /// Loads one split.
  func load(_ split: Split) throws -> Dataset { try configuration.load(split) }

  /// The normalization for this dataset: CIFAR-10's constants, or fitted on the training split.
  func normalization(train: Dataset) -> Normalization {
    configuration.normalization(train: train)
  }

  func validate() throws {
    guard trainLimit >= 0 else { throw ValidationError("--train-limit must not be negative") }
  }
}
