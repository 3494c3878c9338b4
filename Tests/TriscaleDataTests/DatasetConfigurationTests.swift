import Foundation
import Testing
import TriscaleCore
import TriscaleTestSupport

@testable import TriscaleData

@Suite("Dataset configuration")
struct DatasetConfigurationTests {
  @Test("image sizes parse as SIDE or HEIGHTxWIDTH")
  func imageSizes() throws {
    #expect(try DatasetConfiguration.imageSize(parsing: "32") == [32, 32])
    #expect(try DatasetConfiguration.imageSize(parsing: "28x20") == [28, 20])
    #expect(try DatasetConfiguration.imageSize(parsing: "28X28") == [28, 28])
    let bad = triscaleErrorMessage { _ = try DatasetConfiguration.imageSize(parsing: "28y") }
    #expect(
      bad == "invalid --image-size: '28y' is not a size. Give one side (32) or HEIGHTxWIDTH (28x28)"
    )
  }

  @Test("the YAML/JSON keys mirror the flags, and round-trip")
  func decoding() throws {
    let text =
      #"{"dataset": "folder", "data-dir": "/d", "image-size": "28x24", "channels": 1, "test-fraction": 0.25}"#
    let decoded = try JSONDecoder().decode(DatasetConfiguration.self, from: Data(text.utf8))
    #expect(
      decoded
        == DatasetConfiguration(
          kind: "folder", directory: "/d", imageSize: [28, 24], channels: 1, testFraction: 0.25))
    let side = try JSONDecoder().decode(
      DatasetConfiguration.self, from: Data(#"{"image-size": 40}"#.utf8))
    #expect(side.imageSize == [40, 40] && side.kind == "synthetic")
    let again = try JSONDecoder().decode(
      DatasetConfiguration.self, from: JSONEncoder().encode(decoded))
    #expect(again == decoded)
  }

  @Test("folder values are checked, and refused for other kinds")
  func validation() {
    let cases: [(DatasetConfiguration, String)] = [
      (
        .init(kind: "idx", directory: "/d", imageSize: [28, 28]),
        "invalid --image-size: it applies to --dataset folder only, not idx"
      ),
      (
        .init(kind: "folder", directory: "/d", channels: 2),
        "invalid --channels: 2 is neither 1 nor 3"
      ),
      (
        .init(kind: "folder", directory: "/d", testFraction: 1),
        "invalid --test-fraction: 1.0 is not between 0 and 1"
      ),
      (
        .init(kind: "folder", directory: "/d", imageSize: [0, 3]),
        "invalid --image-size: [0, 3] is not"
      ),
      (.init(kind: "folder"), "invalid --data-dir: --dataset folder needs a directory"),
    ]
    for (configuration, expected) in cases {
      #expect(
        triscaleErrorMessage { try configuration.validate() }?.hasPrefix(expected) == true,
        "\(expected)")
    }
  }

  @Test("IDX class counts span both splits, so a test split missing a class still matches")
  func idxClassCountOverSplits() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    try IDXFiles.write(
      into: directory.path, trainCount: 12, testCount: 3, shape: [28, 28], classCount: 6)
    let configuration = DatasetConfiguration(kind: "idx", directory: directory.path)
    let train = try configuration.load(.train)
    let test = try configuration.load(.test)
    #expect(train.imageShape == [28, 28, 1] && train.classCount == 6)
    #expect(test.classCount == 6 && Set(test.labels) == [0, 1, 2])
  }

  @Test("the fingerprint is stable, ignores touching, and changes with the values and the bytes")
  func fingerprint() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let paths = try ImageFolderFiles.write(into: directory.path, classes: ["a", "b"], perClass: 3)
    let configuration = DatasetConfiguration(kind: "folder", directory: directory.path)
    let first = try configuration.fingerprint()
    #expect(first.count == 16)
    #expect(try configuration.fingerprint() == first)
    var gray = configuration
    gray.channels = 1
    #expect(try gray.fingerprint() != first)
    try FileManager.default.setAttributes(
      [.modificationDate: Date(timeIntervalSince1970: 1_000_000)], ofItemAtPath: paths[0])
    #expect(try configuration.fingerprint() == first)
    var bytes = try Data(contentsOf: URL(fileURLWithPath: paths[0]))
    bytes[bytes.count / 2] ^= 1
    try bytes.write(to: URL(fileURLWithPath: paths[0]))
    let touched = try configuration.fingerprint()
    #expect(touched != first)
    try ImageFolderFiles.write(into: directory.path, classes: ["c"], perClass: 1)
    #expect(try configuration.fingerprint() != touched)
    #expect(try DatasetConfiguration().fingerprint() == DatasetConfiguration().fingerprint())
    let missing = DatasetConfiguration(kind: "idx", directory: directory.path)
    #expect(
      triscaleErrorMessage { _ = try missing.fingerprint() }?.contains(
        "t10k-images-idx3-ubyte: file not found") == true)
  }

  @Test("a model that does not match gets one message naming both sides and the fix")
  func mismatch() throws {
    let dataset = try randomDataset(count: 2, classCount: 4, seed: 1)
    try dataset.checkMatches(modelName: "m", inputShape: [4, 5, 3], classCount: 4)
    let text = triscaleErrorMessage {
      try dataset.checkMatches(modelName: "resnet8", inputShape: [32, 32, 3], classCount: 10)
    }
    #expect(
      text
        == "invalid dataset random: model resnet8 takes 32×32×3 images in 10 classes, but the dataset has 4×5×3 images in 4 classes. Use the dataset the model was trained on (a folder dataset resizes with --image-size 32x32 --channels 3), or train a model on this dataset with `triscale train`"
    )
  }
}
