import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// `--output` (and `train --checkpoint`) that names an input — by the same
/// path, a symlink or a hard link — or a device node or FIFO: one `error:`
/// line, a non-zero exit, the input's bytes and the node left as they were.
@Suite("Output safety")
struct OutputSafetyTests {
  @Test("an output naming an input or a special file is refused and changes nothing")
  func outputsNeverReplaceInputsOrSpecialFiles() async throws {
    let scratch = try ScratchDirectory()
    defer { scratch.remove() }
    let float = scratch.file("model.tsm")
    try await TriscaleProcess.run(
      ["train", "--train-limit", "64"] + TinyTraining.flags(output: float), in: scratch
    ).expectSuccess()
    let symlink = scratch.file("symlink.tsm")
    try FileManager.default.createSymbolicLink(atPath: symlink, withDestinationPath: float)
    let hardLink = scratch.file("hardlink.tsm")
    try FileManager.default.linkItem(atPath: float, toPath: hardLink)
    let fifo = scratch.file("fifo")
    #expect(mkfifo(fifo, 0o600) == 0)
    let original = try Data(contentsOf: URL(fileURLWithPath: float))

    let outputs: [(String, [String])] = [
      (float, ["--output", float, "same file as"]),
      (symlink, ["through a symlink"]),
      (hardLink, ["a hard link"]),
      ("/dev/null", ["/dev/null", "character device"]),
      (fifo, [fifo, "FIFO"]),
    ]
    let commands: [(String) -> [String]] = [
      { ["prune", float, "--output", $0, "--threads", "1"] },
      { ["quantize", float, "--output", $0, "--threads", "1"] },
      { ["export", "--format", "tflite", "--model", float, "--output", $0] },
      { ["train", "--init-from", float, "--epochs", "1", "--output", $0] },
    ]
    for command in commands {
      for (output, fragments) in outputs {
        try await TriscaleProcess.run(command(output), in: scratch)
          .expectOneLineError(mentioning: fragments)
      }
    }
    let elsewhere = scratch.file("elsewhere.tsm")
    for (checkpoint, fragments) in [
      (elsewhere, ["--checkpoint", "--output"]), (symlink, ["--init-from"]),
    ] {
      try await TriscaleProcess.run(
        ["train", "--init-from", float, "--output", elsewhere, "--checkpoint", checkpoint],
        in: scratch
      ).expectOneLineError(mentioning: fragments)
    }
    #expect(try Data(contentsOf: URL(fileURLWithPath: float)) == original)
    #expect(Self.fileType(float) == S_IFREG)
    #expect(Self.fileType(hardLink) == S_IFREG)
    #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: symlink)) == float)
    #expect(Self.fileType("/dev/null") == S_IFCHR)
    #expect(Self.fileType(fifo) == S_IFIFO)
    #expect(
      try scratch.visibleFiles() == [
        "fifo", "hardlink.tsm", "model.tsm", "model.tsm.ckpt", "symlink.tsm",
      ])
  }

  /// The `S_IFMT` bits of what `path` names (following symlinks), or 0 when nothing is there.
  private static func fileType(_ path: String) -> mode_t {
    var information = stat()
    return stat(path, &information) == 0 ? information.st_mode & S_IFMT : 0
  }
}
