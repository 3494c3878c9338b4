import Foundation
import Testing

/// Inputs that are not regular files — a FIFO as the config, the model or a
/// dataset file; a directory; `/dev/zero`; a valid model through a pipe
/// (`<(cat model.tsm)`, which reaches the command as `/dev/fd/N`) — each get
/// one `error:` line that says what the path is, a non-zero exit, and
/// nothing written. A FIFO is never opened, so nothing blocks.
@Suite("Special input files")
struct SpecialInputFileTests {
  @Test("a FIFO as --config, model file or dataset file is refused without being opened")
  func fifoInputsNeverBlock() async throws {
    let scratch = try ScratchDirectory()
    defer { scratch.remove() }
    let model = scratch.file("model.tsm")
    try await TriscaleProcess.run(
      ["train", "--train-limit", "64"] + TinyTraining.flags(output: model), in: scratch
    ).expectSuccess()
    try DatasetFiles.writeCIFAR10(into: scratch, recordsPerFile: 1)
    try FileManager.default.removeItem(atPath: scratch.file(DatasetFiles.cifarTestFile))
    let fifo = try GuardedFIFO("fifo", in: scratch)
    let batchFIFO = try GuardedFIFO(DatasetFiles.cifarTestFile, in: scratch)
    let before = try scratch.visibleFiles()
    let cases: [(GuardedFIFO, [String], [String])] = [
      (
        fifo, ["train", "--config", fifo.path, "--output", "out.tsm"], [fifo.path, "pipe or FIFO"]
      ),
      (fifo, ["evaluate", fifo.path], [fifo.path, "pipe or FIFO", "model file"]),
      (fifo, ["prune", fifo.path, "--output", "out.tsm"], [fifo.path, "pipe or FIFO"]),
      (fifo, ["export", "--model", fifo.path, "--output", "out.tflite"], [fifo.path, "FIFO"]),
      (
        batchFIFO,
        ["evaluate", model, "--dataset", "cifar10", "--data-dir", scratch.path],
        [batchFIFO.path, "pipe or FIFO", "dataset file"]
      ),
    ]
    for (guarded, arguments, fragments) in cases {
      let run = try await guarded.run(arguments, in: scratch)
      run.output.expectOneLineError(mentioning: fragments)
      #expect(!run.openedForReading, "`\(run.output.commandLine)` opened the FIFO for reading")
    }
    #expect(try scratch.visibleFiles() == before)
  }

  @Test(
    "a directory or /dev/zero as the model, config or pipeline file is named for what it is",
    arguments: [
      (["evaluate", "DIR"], ["DIR", "is a directory", "model file"]),
      (["evaluate", "/dev/zero"], ["/dev/zero", "character device", "model file"]),
      (["train", "--config", "DIR", "--output", "out.tsm"], ["DIR", "is a directory"]),
      (["run", "/dev/zero"], ["/dev/zero", "character device", "pipeline file"]),
      (
        ["quantize", "/dev/zero", "--output", "out.tsm"],
        ["/dev/zero", "character device", "model file"]
      ),
    ])
  func nonRegularInputIsNamed(arguments: [String], fragments: [String]) async throws {
    let scratch = try ScratchDirectory()
    defer { scratch.remove() }
    let directory = try scratch.subdirectory("folder")
    let output = try await TriscaleProcess.run(
      arguments.map { $0 == "DIR" ? directory : $0 }, in: scratch)
    output.expectOneLineError(mentioning: fragments.map { $0 == "DIR" ? directory : $0 })
    #expect(!output.standardError.contains("permission"))
    #expect(try scratch.visibleFiles() == ["folder"])
  }

  @Test(
    "a valid model through a pipe (<(cat model.tsm)) is refused as a pipe, not a permission problem"
  )
  func modelThroughAPipeIsNamed() async throws {
    let scratch = try ScratchDirectory()
    defer { scratch.remove() }
    let model = scratch.file("model.tsm")
    try await TriscaleProcess.run(
      ["train", "--train-limit", "64"] + TinyTraining.flags(output: model), in: scratch
    ).expectSuccess()
    let before = try scratch.visibleFiles()
    let output = try await TriscaleProcess.run(
      [model], in: scratch,
      launcher: ["/bin/bash", "-c", #"exec "$0" evaluate <(cat "$1" 2>/dev/null)"#])
    output.expectOneLineError(mentioning: ["/dev/fd/", "pipe or FIFO", "Save the stream to a file"])
    #expect(!output.standardError.contains("permission"))
    #expect(try scratch.visibleFiles() == before)
  }
}
