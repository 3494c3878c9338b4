import ArgumentParser
import TriscaleData

/// Which dataset a command reads: `--dataset synthetic|cifar10|idx|folder`,
/// `--data-dir` and the folder options, decoded into a ``DatasetConfiguration``.
/// `--data-dir` without `--dataset` takes the kind its files are
/// (``DatasetConfiguration/inferredKind(directory:)``) or is refused; neither
/// flag means the built-in synthetic set.
struct DatasetOptions: ParsableArguments {
  @Option(
    help:
      "synthetic (built in, the default without --data-dir), cifar10 (binary batches), idx (MNIST layout) or folder (one subfolder of PNG/JPEG images per class); inferred from --data-dir's files when not given."
  )
  var dataset: String?

  @Option(
    help:
      "Directory of the dataset files (cifar10: data_batch_*.bin, test_batch.bin; idx: train-images-idx3-ubyte, …; folder: CLASS/*.png|jpg, optionally under train/ and test/)."
  )
  var dataDir: String?

  @Option(help: "Use only the first N training images (0: all).")
  var trainLimit = 0

  @Option(
    help: "folder: resize images to SIDE or HEIGHTxWIDTH pixels (default 32).",
    transform: DatasetConfiguration.imageSize(parsing:))
  var imageSize: [Int]?

  @Option(help: "folder: 1 (gray) or 3 (RGB) channels (default 3).")
  var channels: Int?

  @Option(help: "folder without train/ and test/: fraction of each class held out (default 0.2).")
  var testFraction: Double?

  /// The library configuration these flags describe.
  var configuration: DatasetConfiguration {
    DatasetConfiguration(
      kind: dataset ?? "synthetic", directory: dataDir, trainLimit: trainLimit,
      imageSize: imageSize,
      channels: channels, testFraction: testFraction)
  }

  /// Loads one split.
  func load(_ split: Split) throws -> Dataset { try configuration.load(split) }

  /// The normalization for this dataset: CIFAR-10's constants, or fitted on the training split.
  func normalization(train: Dataset) -> Normalization {
    configuration.normalization(train: train)
  }

  /// Infers `--dataset` from `--data-dir` when only the directory is given,
  /// then checks every value.
  mutating func validate() throws {
    if dataset == nil, let dataDir {
      dataset = try DatasetConfiguration.inferredKind(directory: dataDir)
    }
    try configuration.validate()
  }
}
