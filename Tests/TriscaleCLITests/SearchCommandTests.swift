import Foundation
import Testing

/// `triscale search` with budgets it cannot meet or read: one error line
/// naming the problem and the fix, a non-zero exit, and no output folder.
@Suite("Search command errors")
struct SearchCommandTests {
  @Test(
    "bad budgets are one line each",
    arguments: [
      (["--budget", "ram=0"], ["invalid budget ram: 0 is not positive"]),
      (["--budget", "rom=64K"], ["budget key 'rom'", "Use ram, flash, macs, target"]),
      (["--budget", "ram=6x4K"], ["'6x4K' is not a number"]),
      (
        ["--budget", "flash=10"],
        [
          "flash=10 is below the", "smallest architecture", "micro:w8.8.8-d1.1.1-k3",
          "Raise flash to at least",
        ]
      ),
    ])
  func badBudget(flags: [String], fragments: [String]) async throws {
    let scratch = try ScratchDirectory()
    defer { scratch.remove() }
    let folder = scratch.file("search")
    let output = try await TriscaleProcess.run(
      ["search", "--output", folder, "--threads", "1"] + flags, in: scratch)
    output.expectOneLineError(mentioning: fragments)
    #expect(!FileManager.default.fileExists(atPath: folder))
  }
}
