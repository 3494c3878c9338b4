import Foundation
import Testing

/// YAML built to break a parser — nested 10,000 levels, an alias-expansion
/// bomb, larger than the limit — and config keys that would skip the work,
/// each reach the real binary and get one `error:` line and a non-zero exit.
@Suite("Hostile YAML")
struct HostileYAMLTests {
  /// A 500-byte file that expands to 10^10 values.
  private static let aliasBomb: String = {
    var text = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    for level in 1...9 {
      let uses = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
      text += "a\(level): &a\(level) [\(uses)]\n"
    }
    return text
  }()

  private func run(_ command: [String], file: String, named name: String) async throws
    -> CommandOutput
  {
    let scratch = try ScratchDirectory()
    defer { scratch.remove() }
    let path = try scratch.write(file, to: name)
    let output = try await TriscaleProcess.run(
      command.map { $0 == "FILE" ? path : $0 }, in: scratch)
    #expect(!FileManager.default.fileExists(atPath: scratch.file("model.tsm")))
    return output
  }

  @Test func deeplyNestedConfigIsOneLine() async throws {
    let deep =
      "epochs: " + String(repeating: "[", count: 10_000)
      + String(repeating: "]", count: 10_000) + "\n"
    let output = try await run(
      ["train", "--config", "FILE", "--output", "model.tsm"], file: deep, named: "deep.yaml")
    output.expectOneLineError(mentioning: ["deep.yaml", "64 levels"])
  }

  @Test func aliasBombConfigIsOneLine() async throws {
    let output = try await run(
      ["train", "--config", "FILE", "--output", "model.tsm"], file: Self.aliasBomb,
      named: "bomb.yaml")
    output.expectOneLineError(mentioning: ["bomb.yaml", "100000"])
  }

  @Test func aliasBombPipelineIsOneLine() async throws {
    let pipeline =
      Self.aliasBomb.replacingOccurrences(of: "\na", with: "\n  a")
      .replacingOccurrences(of: "a0:", with: "defaults:\n  a0:", options: .anchored)
      + "stages:\n  cloud:\n    stage: train\n"
    let output = try await run(["run", "FILE"], file: pipeline, named: "bomb.yaml")
    output.expectOneLineError(mentioning: ["bomb.yaml", "100000"])
  }

  @Test func deeplyNestedPipelineIsOneLine() async throws {
    let deep =
      (0..<1_000).map { String(repeating: " ", count: $0) + "stages:" }
      .joined(separator: "\n") + " 1\n"
    let output = try await run(["run", "FILE"], file: deep, named: "deep.yaml")
    output.expectOneLineError(mentioning: ["deep.yaml", "64 levels"])
  }

  @Test func oversizeConfigIsOneLine() async throws {
    let big = String(repeating: "# padding\n", count: 110_000) + "epochs: 1\n"
    let output = try await run(
      ["train", "--config", "FILE", "--output", "model.tsm"], file: big, named: "big.yaml")
    output.expectOneLineError(mentioning: ["big.yaml", "1048576 bytes"])
  }

  @Test(arguments: ["help", "version"])
  func keyThatOnlyPrintsIsRefused(key: String) async throws {
    let output = try await run(
      ["train", "--config", "FILE", "--output", "model.tsm"], file: "\(key): true\nepochs: 1\n",
      named: "c.yaml")
    output.expectOneLineError(mentioning: ["c.yaml", "'\(key)'"])
  }

  @Test func secondConfigIsRefusedEvenWhenItDoesNotExist() async throws {
    let output = try await run(
      ["train", "--config", "FILE", "--config", "missing.yaml", "--output", "model.tsm"],
      file: "epochs: 1\n", named: "c.yaml")
    output.expectOneLineError(mentioning: ["--config", "2 times"])
  }
}
