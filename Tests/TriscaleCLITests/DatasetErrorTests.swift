import Foundation
import Testing

/// `triscale train` on broken dataset files: one line naming the file and the
/// problem, a non-zero exit, no crash. Each suite first shows that the
/// well-formed files train, so the failure is down to the corruption.
@Suite("Dataset errors")
struct DatasetErrorTests {
  private func train(dataset: String, dataDir: String, in scratch: ScratchDirectory) async throws
    -> CommandOutput
  {
    try await TriscaleProcess.run(
      ["train", "--dataset", dataset, "--data-dir", dataDir]
        + TinyTraining.flags(output: scratch.file("model.tsm"), batchSize: 5),
      in: scratch)
  }

  @Test func wellFormedTinyCIFAR10Trains() async throws {
    let scratch = try ScratchDirectory()
    defer { scratch.remove() }
    try DatasetFiles.writeCIFAR10(into: scratch, recordsPerFile: 2)
    let output = try await train(dataset: "cifar10", dataDir: scratch.path, in: scratch)
    output.expectSuccess()
    #expect(
      output.standardOutput.contains("10 training, 2 test images"), "\(output.standardOutput)")
  }

  @Test(arguments: [DatasetFiles.cifarRecordSize * 2 + 100, 5000])
  func wrongSizeCIFAR10File(byteCount: Int) async throws {
    let scratch = try ScratchDirectory()
    defer { scratch.remove() }
    try DatasetFiles.writeCIFAR10(into: scratch, recordsPerFile: 2)
    let broken = try scratch.write(
      DatasetFiles.cifarRecords(3, seed: 9).prefix(byteCount).map { $0 },
      to: DatasetFiles.cifarTrainFiles[0])
    let output = try await train(dataset: "cifar10", dataDir: scratch.path, in: scratch)
    output.expectOneLineError(mentioning: [broken, "\(byteCount) bytes", "not a multiple of 3073"])
  }

  @Test func missingCIFAR10Directory() async throws {
    let scratch = try ScratchDirectory()
    defer { scratch.remove() }
    let missing = scratch.file("no-such-cifar")
    let output = try await train(dataset: "cifar10", dataDir: missing, in: scratch)
    output.expectOneLineError(mentioning: [missing, "directory not found"])
  }

  @Test func wellFormedTinyIDXTrains() async throws {
    let scratch = try ScratchDirectory()
    defer { scratch.remove() }
    try DatasetFiles.writeIDX(into: scratch, trainCount: 10, testCount: 4)
    let output = try await train(dataset: "idx", dataDir: scratch.path, in: scratch)
    output.expectSuccess()
    #expect(
      output.standardOutput.contains("10 training, 4 test images"), "\(output.standardOutput)")
  }

  @Test(arguments: DatasetFiles.idxFiles)
  func wrongIDXMagicNumber(file: String) async throws {
    let scratch = try ScratchDirectory()
    defer { scratch.remove() }
    try DatasetFiles.writeIDX(into: scratch, trainCount: 10, testCount: 4)
    let path = scratch.file(file)
    var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
    bytes[0] = 0xDE
    bytes[1] = 0xAD
    try bytes.write(to: URL(fileURLWithPath: path))
    let output = try await train(dataset: "idx", dataDir: scratch.path, in: scratch)
    output.expectOneLineError(mentioning: [path, "wrong IDX magic number", "0xDEAD08"])
  }
}
