import Foundation
import Testing
import TriscaleCore
import TriscalePipeline

/// YAML that is too large, too deep or expands too far is refused with one
/// line naming the file and the limit; ordinary YAML reads as before.
@Suite("Bounded YAML")
struct BoundedYAMLTests {
  private static func error(_ text: String, limits: BoundedYAML.Limits = .standard) -> String? {
    do {
      _ = try BoundedYAML.load(text, path: "c.yaml", limits: limits)
      return nil
    } catch {
      return "\(error)"
    }
  }

  private static func expectRefused(
    _ text: String, mentioning fragments: [String], limits: BoundedYAML.Limits = .standard,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let message = error(text, limits: limits)
    #expect(message != nil, "accepted", sourceLocation: sourceLocation)
    for fragment in ["c.yaml"] + fragments {
      #expect(
        message?.contains(fragment) == true, "\(message ?? "")", sourceLocation: sourceLocation)
    }
    #expect(message?.contains("\n") == false, sourceLocation: sourceLocation)
  }

  /// A config nested `levels` deep in `style`.
  private static func nested(_ levels: Int, style: String) -> String {
    switch style {
    case "flow": String(repeating: "[", count: levels) + String(repeating: "]", count: levels)
    case "flow mapping":
      String(repeating: "{a: ", count: levels) + "1" + String(repeating: "}", count: levels)
    case "compact sequence": String(repeating: "- ", count: levels) + "x\n"
    default:
      (0..<levels).map { String(repeating: " ", count: $0) + "a:" }.joined(separator: "\n")
        + " 1\n"
    }
  }

  @Test(arguments: ["flow", "flow mapping", "compact sequence", "indented mapping"])
  func deepNestingIsRefusedBeforeParsing(style: String) {
    let levels = style == "indented mapping" ? 1_000 : 10_000
    Self.expectRefused(Self.nested(levels, style: style), mentioning: ["64 levels", "Flatten"])
  }

  @Test(arguments: ["flow", "flow mapping", "compact sequence", "indented mapping"])
  func nestingUpToTheLimitIsRead(style: String) throws {
    #expect(Self.error(Self.nested(60, style: style)) == nil)
  }

  @Test func nestingBuiltFromAliasesIsRefused() {
    var text = "l0: &l0 [x]\n"
    for level in 1...100 { text += "l\(level): &l\(level) [*l\(level - 1)]\n" }
    Self.expectRefused(text, mentioning: ["64 levels"])
  }

  @Test func aliasBombIsRefusedBeforeExpanding() {
    var text = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    for level in 1...9 {
      let uses = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
      text += "a\(level): &a\(level) [\(uses)]\n"
    }
    #expect(text.utf8.count < 1_000)
    Self.expectRefused(text, mentioning: ["100000", "alias"])
  }

  @Test func oversizeIsRefused() {
    let text = String(repeating: "# padding\n", count: 110_000) + "epochs: 1\n"
    Self.expectRefused(text, mentioning: ["1048576 bytes"])
  }

  @Test func oversizeFileIsRefusedWhileReading() throws {
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("bounded-\(UUID().uuidString).yaml").path
    try Data(repeating: UInt8(ascii: "#"), count: 2_000).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    let limits = BoundedYAML.Limits(bytes: 1_000, depth: 64, nodes: 100)
    #expect(throws: TriscaleError.self) {
      _ = try BoundedYAML.readText(path: path, what: "config file", fix: "x", limits: limits)
    }
    #expect((try? BoundedYAML.readText(path: path, what: "config file", fix: "x")) != nil)
  }

  @Test func ordinaryConfigReadsAsYamsReadsIt() throws {
    let text = """
      # a training run
      epochs: 3
      model: resnet8
      learning-rate: 0.05
      augment: false
      milestones: [2, 4]
      note: "brackets [in quotes] and # not a comment"
      script: |
        line one [
          line two {
      defaults: &d
        dataset: synthetic
      stages:
        cloud:
          <<: *d
          stage: train
      """
    let bounded = try #require(try BoundedYAML.load(text, path: "c.yaml") as? [String: Any])
    #expect(bounded["epochs"] as? Int == 3)
    #expect(bounded["learning-rate"] as? Double == 0.05)
    #expect(bounded["augment"] as? Bool == false)
    #expect(bounded["milestones"] as? [Int] == [2, 4])
    #expect(bounded["note"] as? String == "brackets [in quotes] and # not a comment")
    #expect(bounded["script"] as? String == "line one [\n  line two {\n")
    let stages = bounded["stages"] as? [String: Any]
    let cloud = stages?["cloud"] as? [String: Any]
    #expect(cloud?["dataset"] as? String == "synthetic")
    #expect(cloud?["stage"] as? String == "train")
  }

  /// Yams force-unwraps a key's string when it builds plain values; a mapping
  /// as a key (found by fuzz-yaml) stopped the process.
  @Test(arguments: [
    "{model: resnet8, epochs: 3}:\n", "? [a, b]\n: 1\n", "stages:\n  ? {k: v}\n  : 3\n",
    "!!set {? [a]}\n",
  ])
  func keyThatIsACollectionIsRefused(text: String) {
    Self.expectRefused(text, mentioning: ["is a mapping or a list, not a name"])
  }

  /// Yams reads `1:30:00` as a base-60 integer and overflowed, stopping the
  /// process, on a long one (found by fuzz-yaml).
  @Test(arguments: [
    "epochs: 1:0:0:0:0:0:0:0:0:0:0:0\n", "seed: !!int x:9223372036854775807:2\n",
    "seed: -2:0:0:0:0:0:0:0:0:0:0\n",
  ])
  func baseSixtyIntegerTooLargeIsRefused(text: String) {
    Self.expectRefused(text, mentioning: ["is too large", "line 1"])
  }

  @Test func baseSixtyIntegerThatFitsReads() throws {
    let values = try BoundedYAML.load("t: 1:30:00\nu: -1:0\n", path: "c.yaml") as? [String: Any]
    #expect(values?["t"] as? Int == 5_400)
    #expect(values?["u"] as? Int == -60)
  }

  @Test func syntaxErrorIsOneLine() {
    Self.expectRefused("epochs: [1\nmodel: x\n", mentioning: ["not valid YAML"])
  }
}
