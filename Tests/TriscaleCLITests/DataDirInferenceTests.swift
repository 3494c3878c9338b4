import Foundation
import Testing

/// `--data-dir` without `--dataset`: the kind comes from the directory's
/// files — CIFAR-10 batches, IDX files, class folders — or the command is
/// refused with one line naming both flags; the built-in synthetic set is
/// never used in its place.
@Suite("Data directory inference")
struct DataDirInferenceTests {
  private func train(dataDir: String, in scratch: ScratchDirectory) async throws -> CommandOutput {
    try await TriscaleProcess.run(
      ["train", "--data-dir", dataDir]
        + TinyTraining.flags(output: scratch.file("model.tsm"), batchSize: 5),
      in: scratch)
  }

  @Test func idxFilesAreInferredAndTrained() async throws {
    let scratch = try ScratchDirectory()
    defer { scratch.remove() }
    try DatasetFiles.writeIDX(into: scratch, trainCount: 10, testCount: 4)
    let output = try await train(dataDir: scratch.path, in: scratch)
    output.expectSuccess()
    #expect(output.standardOutput.contains("on idx:"), "\(output.standardOutput)")
    #expect(
      output.standardOutput.contains("10 training, 4 test images"), "\(output.standardOutput)")
  }

  @Test func cifar10BatchesAreInferred() async throws {
    let scratch = try ScratchDirectory()
    defer { scratch.remove() }
    try DatasetFiles.writeCIFAR10(into: scratch, recordsPerFile: 2)
    let broken = try scratch.write([UInt8](repeating: 0, count: 100), to: "data_batch_1.bin")
    let output = try await train(dataDir: scratch.path, in: scratch)
    output.expectOneLineError(mentioning: [broken, "100 bytes", "not a multiple of 3073"])
    #expect(!FileManager.default.fileExists(atPath: scratch.file("model.tsm")))
  }

  @Test func classFoldersAreInferred() async throws {
    let scratch = try ScratchDirectory()
    defer { scratch.remove() }
    let data = try scratch.subdirectory("pictures")
    let empty = try scratch.subdirectory("pictures/cat")
    _ = try scratch.subdirectory("pictures/dog")
    let output = try await train(dataDir: data, in: scratch)
    output.expectOneLineError(mentioning: [empty, "empty class folder"])
    #expect(try scratch.visibleFiles() == ["pictures"])
  }

  @Test(
    "a directory whose format cannot be inferred is refused naming --data-dir and --dataset",
    arguments: ["empty", "plain-file", "missing"])
  func unrecognizedDirectoryIsRefused(kind: String) async throws {
    let scratch = try ScratchDirectory()
    defer { scratch.remove() }
    let data: String
    switch kind {
    case "empty": data = try scratch.subdirectory("data")
    case "plain-file": data = try scratch.write("not a dataset\n", to: "data")
    default: data = scratch.file("data")
    }
    let before = try scratch.visibleFiles()
    let output = try await train(dataDir: data, in: scratch)
    output.expectOneLineError(mentioning: ["--data-dir", data, "--dataset"])
    #expect(!output.standardOutput.contains("synthetic"))
    #expect(try scratch.visibleFiles() == before)
  }
}
