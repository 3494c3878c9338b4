import TriscaleCore
import TriscaleTestSupport

/// Writes tiny, well-formed dataset files in the layouts `triscale train
/// --dataset cifar10|idx` reads, with deterministic pixels and labels cycling
/// through 0...9 (so every file names ten classes of 32×32×3 images).
enum DatasetFiles {
  /// Bytes in one CIFAR-10 record: a label byte and three 32×32 planes.
  static let cifarRecordSize = 1 + 3 * 32 * 32
  /// The CIFAR-10 training files, in load order.
  static let cifarTrainFiles = (1...5).map { "data_batch_\($0).bin" }
  /// The CIFAR-10 test file.
  static let cifarTestFile = "test_batch.bin"
  /// The IDX files of the MNIST layout, training split first.
  static let idxFiles = IDXFiles.names

  /// `count` CIFAR-10 records.
  static func cifarRecords(_ count: Int, seed: UInt64) -> [UInt8] {
    var random = SeededRandom(seed: seed)
    return (0..<count).flatMap { record in
      [UInt8(record % 10)] + pixels(cifarRecordSize - 1, random: &random)
    }
  }

  /// Writes every CIFAR-10 file into `directory` with `recordsPerFile` records each.
  static func writeCIFAR10(into directory: ScratchDirectory, recordsPerFile: Int) throws {
    for (index, name) in (cifarTrainFiles + [cifarTestFile]).enumerated() {
      try directory.write(cifarRecords(recordsPerFile, seed: UInt64(index)), to: name)
    }
  }

  /// Writes the four IDX files into `directory`: `trainCount` and `testCount`
  /// images of 32×32×3 (magic 0x00000804) with their labels (magic 0x00000801).
  static func writeIDX(into directory: ScratchDirectory, trainCount: Int, testCount: Int) throws {
    try IDXFiles.write(
      into: directory.path, trainCount: trainCount, testCount: testCount, shape: [32, 32, 3],
      classCount: 10)
  }

  private static func pixels(_ count: Int, random: inout SeededRandom) -> [UInt8] {
    (0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) }
  }
}
