import Foundation
import Testing
import TriscaleTestSupport

/// `triscale train` on data other than 32×32×3 / ten classes — 28×28×1 IDX
/// files and a folder of PNG and JPEG images — and `triscale evaluate` of a
/// model on data it does not fit.
@Suite("Datasets of any shape")
struct AnyDatasetCommandTests {
  /// `triscale train` with the tiny-training flags plus `extra` (later flags win).
  private func train(_ extra: [String], in scratch: ScratchDirectory) async throws -> CommandOutput
  {
    try await TriscaleProcess.run(
      ["train"] + TinyTraining.flags(output: scratch.file("model.tsm"), batchSize: 5) + extra,
      in: scratch)
  }

  @Test func resnet8TrainsOnMNISTShapedIDX() async throws {
    let scratch = try ScratchDirectory()
    defer { scratch.remove() }
    let data = try scratch.subdirectory("mnist")
    try IDXFiles.write(into: data, trainCount: 20, testCount: 6, shape: [28, 28], classCount: 10)
    let output = try await train(
      ["--dataset", "idx", "--data-dir", data, "--model", "resnet8"], in: scratch)
    output.expectSuccess()
    #expect(output.standardOutput.contains("train: resnet8 ("), "\(output.standardOutput)")
    #expect(output.standardOutput.contains("20 training, 6 test images"))
  }

  @Test func trainsOnAFolderOfPNGAndJPEGImages() async throws {
    let scratch = try ScratchDirectory()
    defer { scratch.remove() }
    let data = try scratch.subdirectory("pictures")
    try ImageFolderFiles.write(into: data, classes: ["cat", "dog", "owl"], perClass: 8)
    let output = try await train(
      ["--dataset", "folder", "--data-dir", data, "--image-size", "28x28", "--channels", "1"],
      in: scratch)
    output.expectSuccess()
    #expect(
      output.standardOutput.contains("18 training, 6 test images"), "\(output.standardOutput)")
  }

  @Test func corruptImageIsOneLine() async throws {
    let scratch = try ScratchDirectory()
    defer { scratch.remove() }
    let data = try scratch.subdirectory("pictures")
    let paths = try ImageFolderFiles.write(into: data, classes: ["cat", "dog"], perClass: 4)
    let broken = try #require(paths.first { $0.hasSuffix(".png") })
    let bytes = try Data(contentsOf: URL(fileURLWithPath: broken))
    try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: broken))
    let output = try await train(["--dataset", "folder", "--data-dir", data], in: scratch)
    output.expectOneLineError(mentioning: [broken, "cannot be decoded as PNG", "re-export it"])
  }

  @Test func modelOnDataOfAnotherShapeIsOneLine() async throws {
    let scratch = try ScratchDirectory()
    defer { scratch.remove() }
    let colour = try scratch.subdirectory("colour")
    let mnist = try scratch.subdirectory("mnist")
    try IDXFiles.write(
      into: colour, trainCount: 10, testCount: 4, shape: [32, 32, 3], classCount: 10)
    try IDXFiles.write(into: mnist, trainCount: 10, testCount: 4, shape: [28, 28], classCount: 10)
    try await train(["--dataset", "idx", "--data-dir", colour], in: scratch).expectSuccess()
    let output = try await TriscaleProcess.run(
      ["evaluate", scratch.file("model.tsm"), "--dataset", "idx", "--data-dir", mnist], in: scratch)
    output.expectOneLineError(mentioning: [
      "model dscnn-micro takes 32×32×3 images in 10 classes",
      "the dataset has 28×28×1 images in 10 classes", "train a model on this dataset",
    ])
  }
}
