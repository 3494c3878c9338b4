import Foundation
import TriscaleCore
import Yams

/// Reads YAML (config and pipeline files) under stated limits, so that no file
/// can crash the parser, exhaust memory or hang it.
///
/// Three limits, each refused with one ``TriscaleError/invalidFile(path:problem:fix:)``
/// that names the file, the limit and the fix:
///
/// - **size**, checked before parsing: at most ``Limits/bytes`` bytes are read;
/// - **nesting depth**, checked before parsing by a linear pre-scan of flow
///   brackets and indentation (the parser recurses once per level, so a deep
///   file would overflow the stack), and again exactly on the parsed tree;
/// - **values**, checked on the parsed tree before it becomes plain values:
///   every node counts, and a node reached through an alias (`*name`) counts
///   again at each use, so an alias-expansion bomb is refused before it is expanded.
///
/// Two things Yams would stop the process on when it turns the tree into plain
/// values are refused too: a key that is a mapping or a list (`? [a, b]: 1`,
/// `{a: 1}: 2`; Triscale's keys are names), and a base-60 integer (`1:0:0`,
/// YAML 1.1) too large for 64 bits.
public enum BoundedYAML {
  /// The limits a YAML file must keep.
  public struct Limits: Sendable {
    /// The largest file, in bytes.
    public var bytes: Int
    /// The deepest nesting of mappings and sequences.
    public var depth: Int
    /// The most nodes (keys, values, items), with each alias use counted again.
    public var nodes: Int

    /// Limits with the given values.
    public init(bytes: Int, depth: Int, nodes: Int) {
      self.bytes = bytes
      self.depth = depth
      self.nodes = nodes
    }

    /// 1 MiB, 64 levels, 100,000 nodes: far above any config or pipeline file.
    public static let standard = Limits(bytes: 1 << 20, depth: 64, nodes: 100_000)
  }

  /// The text of the file at `path`, read through ``InputFile`` (a regular
  /// file no larger than `limits.bytes`; `fix` says what to do when it is
  /// missing), refused when it is not UTF-8.
  public static func readText(
    path: String, what: String, fix: String, limits: Limits = .standard
  ) throws -> String {
    let data = try InputFile.read(path: path, what: what, limit: limits.bytes, fix: fix)
    guard let text = String(data: data, encoding: .utf8) else {
      throw TriscaleError.invalidFile(
        path: path, problem: "the \(what) is not UTF-8 text",
        fix: "Save it as UTF-8 text (a YAML file is plain text)")
    }
    return text
  }

  /// The representation tree of `text` (nil for an empty document), after
  /// checking all three limits; `path` names the file in errors.
  public static func compose(_ text: String, path: String, limits: Limits = .standard) throws
    -> Node?
  {
    guard text.utf8.count <= limits.bytes else { throw tooLarge(path: path, limits: limits) }
    let scan = YAMLNestingScan(text, limit: limits.depth)
    if let line = scan.lineOverLimit {
      throw tooDeep(path: path, line: line, limits: limits)
    }
    let root: Node?
    do { root = try Yams.compose(yaml: text) } catch {
      throw TriscaleError.invalidFile(
        path: path, problem: "not valid YAML (\(summary(of: error)))", fix: "Fix the YAML syntax")
    }
    if let root {
      var budget = limits.nodes
      try check(root, level: 0, budget: &budget, path: path, limits: limits)
    }
    return root
  }

  /// The plain values of `text` (String, Int, Double, Bool, arrays,
  /// dictionaries; nil for an empty document), after checking all three limits.
  public static func load(_ text: String, path: String, limits: Limits = .standard) throws
    -> Any?
  {
    try compose(text, path: path, limits: limits)?.any
  }

  /// A YAML error's text on one line, for a message.
  public static func summary(of error: Error) -> String {
    "\(error)".split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
      .filter { !$0.isEmpty && $0 != "^" }.joined(separator: "; ")
  }

  /// Counts `node` and everything under it against `budget`; `level` is the
  /// number of collections around it.
  private static func check(
    _ node: Node, level: Int, budget: inout Int, path: String, limits: Limits
  ) throws {
    budget -= 1
    guard budget >= 0 else {
      throw TriscaleError.invalidFile(
        path: path,
        problem:
          "it expands to more than \(limits.nodes) keys and values (each use of an alias counts again), the limit",
        fix: "Use fewer aliases (`*name`) or fewer values")
    }
    switch node {
    case .scalar(let scalar):
      guard node.tag.description != Tag.Name.int.rawValue || !overflowsAsSexagesimal(scalar) else {
        throw TriscaleError.invalidFile(
          path: path,
          problem:
            "the number '\(scalar.string)'" + (node.mark.map { " (line \($0.line))" } ?? "")
            + " is too large",
          fix: "Write a number that fits in 64 bits")
      }
    case .mapping(let mapping):
      guard level < limits.depth else {
        throw tooDeep(path: path, line: node.mark?.line, limits: limits)
      }
      for (key, value) in mapping {
        guard key.scalar != nil else { throw keyNotScalar(path: path, line: key.mark?.line) }
        try check(key, level: level + 1, budget: &budget, path: path, limits: limits)
        try check(value, level: level + 1, budget: &budget, path: path, limits: limits)
      }
    case .sequence(let sequence):
      guard level < limits.depth else {
        throw tooDeep(path: path, line: node.mark?.line, limits: limits)
      }
      for item in sequence {
        try check(item, level: level + 1, budget: &budget, path: path, limits: limits)
      }
    }
  }

  private static func tooLarge(path: String, limits: Limits) -> TriscaleError {
    .invalidFile(
      path: path,
      problem: "it is larger than \(limits.bytes) bytes, the limit for a YAML file",
      fix: "Keep it under that size; a config or pipeline file needs a few kilobytes")
  }

  /// Whether Yams, turning `scalar` (resolved as an integer) into an `Int`,
  /// would read it as base-60 digits (`1:30:00`, YAML 1.1) and overflow — which
  /// stops the process. Mirrors Yams' steps, in which the running base is
  /// multiplied by 60 after every digit, the last included.
  private static func overflowsAsSexagesimal(_ scalar: Node.Scalar) -> Bool {
    guard scalar.style == .any || scalar.style == .plain else { return false }
    let text = scalar.string.replacingOccurrences(of: "_", with: "")
    let unsigned = text.hasPrefix("-") || text.hasPrefix("+") ? text.dropFirst() : Substring(text)
    guard text != "0", !unsigned.hasPrefix("0"), unsigned.contains(":") else { return false }
    var base = 1
    var value = 0
    for digit in unsigned.components(separatedBy: ":").compactMap({ Int($0) }).reversed() {
      let (term, termOverflow) = digit.multipliedReportingOverflow(by: base)
      let (sum, sumOverflow) = value.addingReportingOverflow(term)
      let (next, baseOverflow) = base.multipliedReportingOverflow(by: 60)
      guard !termOverflow, !sumOverflow, !baseOverflow else { return true }
      (value, base) = (sum, next)
    }
    return false
  }

  private static func keyNotScalar(path: String, line: Int?) -> TriscaleError {
    .invalidFile(
      path: path,
      problem: "a key" + (line.map { " (line \($0))" } ?? "")
        + " is a mapping or a list, not a name",
      fix: "Write each key as a plain name, e.g. `epochs: 3`")
  }

  private static func tooDeep(path: String, line: Int?, limits: Limits) -> TriscaleError {
    .invalidFile(
      path: path,
      problem:
        "it nests mappings and sequences more than \(limits.depth) levels deep, the limit"
        + (line.map { " (line \($0))" } ?? ""),
      fix: "Flatten it; a config or pipeline file needs a few levels")
  }
}
