import Foundation
import TriscaleCore
import TriscaleDeploy

/// What a searched architecture may need on a microcontroller, each figure
/// taken from the generated project (``CandidateFigures``): `ram` — the
/// planned arena (activations and kernel scratch), `flash` — the constants
/// plus the code allowance (``MCUMemoryBudget/flashBytes``), `macs` —
/// multiply-accumulates per image; and the `target` whose generator and
/// board profile give them (a candidate must also fit that board).
///
/// On the command line it is text, `ram=64K,flash=256K,macs=30M,target=cortex-m4`;
/// in a pipeline file a mapping with the same keys. `K`, `M` and `G` are
/// powers of 1024 for `ram` and `flash` (bytes) and of 1000 for `macs`. A
/// figure left out is not limited.
public struct SearchBudget: Codable, Equatable, Sendable, CustomStringConvertible {
  /// Arena bytes (activations + scratch), or nil for no limit.
  public var ramBytes: Int?
  /// Flash bytes (constants + code allowance), or nil for no limit.
  public var flashBytes: Int?
  /// Multiply-accumulates per image, or nil for no limit.
  public var macs: Int?
  /// The microcontroller the figures are generated for.
  public var target: MCUTarget

  /// The keys, in the order the text form writes them.
  public static let keys = ["ram", "flash", "macs", "target"]

  /// A budget; `nil` figures are not limited.
  public init(
    ramBytes: Int? = nil, flashBytes: Int? = nil, macs: Int? = nil, target: MCUTarget = .cortexM4
  ) {
    (self.ramBytes, self.flashBytes, self.macs, self.target) = (ramBytes, flashBytes, macs, target)
  }

  /// The budget `text` writes (`ram=64K,flash=256K,macs=30M`).
  ///
  /// - Throws: ``TriscaleError/invalidArgument(name:problem:fix:)`` for an
  ///   item that is not `key=value`, an unknown or repeated key, a number
  ///   that does not parse, a figure that is not positive, or an unknown target.
  public init(parsing text: String) throws {
    var values: [String: String] = [:]
    for item in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) })
    where !item.isEmpty {
      let pair = item.split(separator: "=", maxSplits: 1).map(String.init)
      guard pair.count == 2 else {
        throw TriscaleError.invalidArgument(
          name: "budget", problem: "'\(item)' is not key=value",
          fix: "Write the budget as \(Self.example)")
      }
      guard values[pair[0]] == nil else {
        throw TriscaleError.invalidArgument(
          name: "budget key '\(pair[0])'", problem: "it is given twice",
          fix: "Give each of \(Self.keys.joined(separator: ", ")) at most once")
      }
      values[pair[0]] = pair[1]
    }
    try self.init(values: values)
  }

  /// The budget of `values` (key → text of its value).
  private init(values: [String: String]) throws {
    if let unknown = values.keys.sorted().first(where: { !Self.keys.contains($0) }) {
      throw TriscaleError.invalidArgument(
        name: "budget key '\(unknown)'", problem: "it is not a budget key",
        fix: "Use \(Self.keys.joined(separator: ", ")), e.g. \(Self.example)")
    }
    func figure(_ key: String, unit: Int) throws -> Int? {
      try values[key].map { try Self.figure($0, key: key, unit: unit) }
    }
    var target = MCUTarget.cortexM4
    if let name = values["target"] {
      guard let named = MCUTarget(rawValue: name) else {
        throw TriscaleError.invalidArgument(
          name: "budget target", problem: "'\(name)' is not a microcontroller target",
          fix: "Use one of: \(MCUTarget.allCases.map(\.rawValue).joined(separator: ", "))")
      }
      target = named
    }
    self.init(
      ramBytes: try figure("ram", unit: 1024), flashBytes: try figure("flash", unit: 1024),
      macs: try figure("macs", unit: 1000), target: target)
  }

  /// The example every message shows.
  static let example = "ram=64K,flash=256K,macs=30M"

  /// The positive whole number `text` writes: digits (a decimal point
  /// allowed) and an optional K, M or G suffix (a trailing B or iB ignored),
  /// multiplied by `unit`, `unit`², `unit`³.
  private static func figure(_ text: String, key: String, unit: Int) throws -> Int {
    var number = text.trimmingCharacters(in: .whitespaces).uppercased()
    for ending in ["IB", "B"] where number.hasSuffix(ending) && number.count > ending.count {
      number.removeLast(ending.count)
      break
    }
    var scale = 1.0
    if let power = ["K": 1.0, "M": 2.0, "G": 3.0][number.last.map(String.init) ?? ""] {
      scale = pow(Double(unit), power)
      number.removeLast()
    }
    let bytes = key == "macs" ? "" : " (K = 1024 bytes)"
    guard let value = Double(number), value.isFinite, !number.contains("E"), !number.hasPrefix("+")
    else {
      throw TriscaleError.invalidArgument(
        name: "budget \(key)", problem: "'\(text)' is not a number",
        fix: "Write a number with an optional K, M or G suffix\(bytes), e.g. \(example)")
    }
    let total = (value * scale).rounded()
    guard total > 0 else {
      throw TriscaleError.invalidArgument(
        name: "budget \(key)", problem: "\(text) is not positive",
        fix: "Give a positive figure, e.g. \(example), or leave \(key) out for no limit")
    }
    guard total < 1e15 else {
      throw TriscaleError.invalidArgument(
        name: "budget \(key)", problem: "\(text) is beyond any microcontroller",
        fix: "Give a figure below 10^15, or leave \(key) out for no limit")
    }
    return Int(total)
  }

  /// Whether `figures` meet every figure of the budget and fit the target's board.
  public func admits(_ figures: CandidateFigures) -> Bool {
    figures.fitsTarget && figures.arenaBytes <= ramBytes ?? .max
      && figures.flashBytes <= flashBytes ?? .max && figures.macs <= macs ?? .max
  }

  /// The text form, each figure with the largest suffix that writes it
  /// exactly: `ram=64K,flash=256K,macs=30M,target=cortex-m4`.
  public var description: String {
    let figures = [("ram", ramBytes, 1024), ("flash", flashBytes, 1024), ("macs", macs, 1000)]
      .compactMap { key, value, unit in value.map { "\(key)=\(Self.text($0, unit: unit))" } }
    return (figures + ["target=\(target.rawValue)"]).joined(separator: ",")
  }

  /// `value` with the largest of the suffixes G, M, K (powers of `unit`) that divides it.
  private static func text(_ value: Int, unit: Int) -> String {
    for (suffix, power) in [("G", 3), ("M", 2), ("K", 1)] {
      let scale = (0..<power).reduce(1) { product, _ in product * unit }
      if value % scale == 0 { return "\(value / scale)\(suffix)" }
    }
    return String(value)
  }

  /// Throws naming the figure and the smallest value the space attains
  /// when a figure is below what every one of `smallest` (the space's
  /// smallest genomes, measured) needs, or when none of them meets the whole
  /// budget at once.
  public func checkAttainable(smallest: [(name: String, figures: CandidateFigures)]) throws {
    let limits: [(key: String, limit: Int?, unit: String, value: (CandidateFigures) -> Int)] = [
      ("ram", ramBytes, "bytes of arena", \.arenaBytes),
      ("flash", flashBytes, "bytes of flash", \.flashBytes),
      ("macs", macs, "MACs per image", \.macs),
    ]
    for (key, limit, unit, value) in limits {
      guard let limit, let least = smallest.min(by: { value($0.figures) < value($1.figures) })
      else { continue }
      let need = value(least.figures)
      if limit < need {
        throw TriscaleError.invalidArgument(
          name: "budget \(key)",
          problem:
            "\(key)=\(limit) is below the \(need) \(unit) that the smallest architecture in the search space needs (\(least.name), measured with the \(target.rawValue) generator)",
          fix: "Raise \(key) to at least \(need)")
      }
    }
    guard !smallest.contains(where: { admits($0.figures) }) else { return }
    let least = limits.map { key, _, _, value in
      "\(key)=\(smallest.map { value($0.figures) }.min() ?? 0)"
    }
    throw TriscaleError.invalidArgument(
      name: "budget \(self)",
      problem:
        "no architecture in the search space meets all of it on \(target.rawValue): the smallest architectures need at least \(least.joined(separator: ", ")), but no one of them is within every figure at once",
      fix: "Raise ram, flash or macs to what one of them needs (docs/search.md lists the smallest)")
  }

  /// The keys of the mapping form.
  private struct Key: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
  }

  /// Decodes the text form, or a mapping whose figures are numbers or text (`64K`).
  public init(from decoder: Decoder) throws {
    if let text = try? decoder.singleValueContainer().decode(String.self) {
      try self.init(parsing: text)
      return
    }
    let container = try decoder.container(keyedBy: Key.self)
    var values: [String: String] = [:]
    for key in container.allKeys {
      if let number = try? container.decode(Int.self, forKey: key) {
        values[key.stringValue] = String(number)
      } else {
        values[key.stringValue] = try container.decode(String.self, forKey: key)
      }
    }
    try self.init(values: values)
  }

  /// Encodes the mapping form, figures in bytes and MACs.
  public func encode(to encoder: Encoder) throws {
    var container = encoder.container(keyedBy: Key.self)
    try container.encodeIfPresent(ramBytes, forKey: Key(stringValue: "ram"))
    try container.encodeIfPresent(flashBytes, forKey: Key(stringValue: "flash"))
    try container.encodeIfPresent(macs, forKey: Key(stringValue: "macs"))
    try container.encode(target, forKey: Key(stringValue: "target"))
  }
}
