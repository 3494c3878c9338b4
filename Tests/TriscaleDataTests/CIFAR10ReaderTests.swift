import Foundation
import Testing
import TriscaleCore

@testable import TriscaleData

/// The real CIFAR-10 binaries, located from this file:
/// <package>/Tests/TriscaleDataTests → <package>/../shared/datasets/cifar10.
private let cifarDirectory = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent()
  .appendingPathComponent("../../../shared/datasets/cifar10").standardized.path

private let cifarPresent = FileManager.default.fileExists(
  atPath: cifarDirectory + "/test_batch.bin")

/// Loaded once for all tests that need them.
private enum RealCIFAR {
  static let train = Result { try CIFAR10Reader.load(directory: cifarDirectory, split: .train) }
  static let test = Result { try CIFAR10Reader.load(directory: cifarDirectory, split: .test) }
}

/// One record: `label`, then red, green and blue planes filled by `pixel`.
private func record(label: UInt8, pixel: (Int, Int) -> UInt8) -> [UInt8] {
  [label] + (0..<3).flatMap { channel in (0..<1024).map { pixel(channel, $0) } }
}

@Suite(
  "CIFAR-10 reader, real files",
  .enabled(if: cifarPresent, "CIFAR-10 not found at \(cifarDirectory); skipped"))
struct CIFAR10RealFileTests {
  @Test func testSplitHasTenThousandBalancedImagesStartingWithACat() throws {
    let test = try RealCIFAR.test.get()
    #expect(test.count == 10_000)
    #expect(test.imageShape == [32, 32, 3])
    #expect(test.pixels.count == 10_000 * 3072)
    #expect(test.labels[0] == 3)
    #expect(test.classNames[Int(test.labels[0])] == "cat")
    #expect(test.classCounts == [Int](repeating: 1_000, count: 10))
  }

  @Test func trainSplitHasFiftyThousandBalancedImages() throws {
    let train = try RealCIFAR.train.get()
    #expect(train.count == 50_000)
    #expect(train.classCounts == [Int](repeating: 5_000, count: 10))
  }

  @Test func pixelsAreTheRawPlanesInterleaved() throws {
    let train = try RealCIFAR.train.get()
    // Image 10,000 is the first record of the second file.
    let raw = [UInt8](
      try Data(contentsOf: URL(fileURLWithPath: cifarDirectory + "/data_batch_2.bin")))
    var random = SeededRandom(seed: 5)
    for _ in 0..<500 {
      let record = random.nextInt(below: 10_000)
      let (y, x, channel) = (
        random.nextInt(below: 32), random.nextInt(below: 32), random.nextInt(below: 3)
      )
      let image = 10_000 + record
      let rawOffset = record * 3073 + 1 + channel * 1024 + y * 32 + x
      #expect(train.labels[image] == raw[record * 3073])
      #expect(train.pixels[image * 3072 + (y * 32 + x) * 3 + channel] == raw[rawOffset])
    }
  }

  @Test func fittedStatisticsMatchTheCIFARConstants() throws {
    let fitted = Normalization.fit(try RealCIFAR.train.get())
    for channel in 0..<3 {
      #expect(abs(fitted.mean[channel] - Normalization.cifar10.mean[channel]) < 1e-3)
      #expect(abs(fitted.std[channel] - Normalization.cifar10.std[channel]) < 1e-3)
    }
  }
}

@Suite("CIFAR-10 reader, written files")
struct CIFAR10WrittenFileTests {
  @Test func convertsPlanarRecordsToHWC() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let first = record(label: 7) { channel, offset in UInt8((offset + 50 * channel) % 256) }
    let second = record(label: 0) { channel, offset in UInt8((3 * offset + channel) % 251) }
    try directory.write(first + second, to: "test_batch.bin")

    let dataset = try CIFAR10Reader.load(directory: directory.path, split: .test)
    #expect(dataset.labels == [7, 0])
    #expect(dataset.name == "cifar10-test")
    for image in 0..<2 {
      let source = image == 0 ? first : second
      for offset in 0..<1024 {
        for channel in 0..<3 {
          #expect(
            dataset.pixels[image * 3072 + offset * 3 + channel]
              == source[1 + channel * 1024 + offset])
        }
      }
    }
  }

  @Test func truncatedFileIsRejectedWithItsSize() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let whole = record(label: 1) { _, _ in 9 } + record(label: 2) { _, _ in 9 }
    let path = try directory.write(Array(whole.dropLast(100)), to: "test_batch.bin")

    let message = triscaleErrorMessage {
      _ = try CIFAR10Reader.load(directory: directory.path, split: .test)
    }
    #expect(message?.contains(path) == true)
    #expect(
      message?.contains(
        "truncated or wrong-size CIFAR-10 file: 6046 bytes is not a multiple of 3073") == true)
  }

  @Test func cifar100SizedRecordsAreRejected() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    // CIFAR-100 records carry a coarse and a fine label: 3074 bytes each.
    try directory.write([UInt8](repeating: 1, count: 3074 * 4), to: "test_batch.bin")

    let message = triscaleErrorMessage {
      _ = try CIFAR10Reader.load(directory: directory.path, split: .test)
    }
    #expect(message?.contains("12296 bytes is not a multiple of 3073") == true)
  }

  @Test func labelOutOfRangeNamesTheRecord() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let records = record(label: 4) { _, _ in 0 } + record(label: 12) { _, _ in 0 }
    try directory.write(records, to: "test_batch.bin")

    let message = triscaleErrorMessage {
      _ = try CIFAR10Reader.load(directory: directory.path, split: .test)
    }
    #expect(message?.contains("record 1 (byte offset 3073) has label 12, not 0...9") == true)
  }

  @Test func emptyFileIsRejected() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    try directory.write([], to: "test_batch.bin")

    let message = triscaleErrorMessage {
      _ = try CIFAR10Reader.load(directory: directory.path, split: .test)
    }
    #expect(message?.contains("empty CIFAR-10 file") == true)
  }

  @Test func missingTrainingFileIsNamedWithTheDownloadHint() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    try directory.write(record(label: 1) { _, _ in 0 }, to: "data_batch_1.bin")

    let message = triscaleErrorMessage {
      _ = try CIFAR10Reader.load(directory: directory.path, split: .train)
    }
    #expect(message?.contains(directory.path + "/data_batch_2.bin: no such file") == true)
    #expect(message?.contains("cifar-10-binary.tar.gz") == true)
  }

  @Test func missingDirectoryIsReported() {
    let message = triscaleErrorMessage {
      _ = try CIFAR10Reader.load(directory: "/nonexistent/triscale/cifar", split: .test)
    }
    #expect(message?.hasPrefix("/nonexistent/triscale/cifar: directory not found") == true)
  }
}
