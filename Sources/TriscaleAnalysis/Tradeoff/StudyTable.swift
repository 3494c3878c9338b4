/// The study's table: one column per tier (cloud, edge, microcontroller), each
/// filled from that tier's representative variant, and the study's six rows —
/// model size, accuracy, latency, memory usage, power estimate and development
/// complexity — every entry marked measured or estimated.
public struct StudyTable: Codable, Equatable, Sendable {
  /// One entry of a cell: a figure in words and how it was obtained.
  public struct Entry: Codable, Equatable, Sendable {
    /// "0.54 ms on this host".
    public var text: String
    /// Measured or estimated.
    public var basis: Figure.Basis
    /// How it was obtained, for the report's notes.
    public var method: String
  }

  /// One row: its heading and a cell (one or more entries) per column.
  public struct Row: Codable, Equatable, Sendable {
    /// "Model size".
    public var heading: String
    /// The cells, in ``StudyTable/columns`` order.
    public var cells: [[Entry]]
  }

  /// The tiers that have a variant, in tier order.
  public var columns: [Tier]
  /// The variant standing for each column.
  public var variants: [String]
  /// The six rows.
  public var rows: [Row]

  /// The row headings, in order.
  public static let headings = [
    "Model size", "Accuracy", "Latency", "Memory usage", "Power estimate",
    "Development complexity",
  ]

  /// The table over `variants`: each tier's column shows its most accurate variant that fits
  /// its reference device (``TradeoffVariant/homeTarget``), or its most accurate one.
  public init(variants: [TradeoffVariant]) {
    let chosen = Tier.allCases.compactMap { tier in Self.representative(of: tier, in: variants) }
    columns = chosen.map(\.tier)
    self.variants = chosen.map(\.name)
    rows = Self.headings.map { heading in
      Row(heading: heading, cells: chosen.map { Self.cell(heading, of: $0) })
    }
  }

  /// The variant that stands for `tier`.
  public static func representative(of tier: Tier, in variants: [TradeoffVariant])
    -> TradeoffVariant?
  {
    let own = variants.filter { $0.tier == tier }
    let fitting = own.filter { $0.homeTarget?.fits ?? true }
    return (fitting.isEmpty ? own : fitting).max {
      ($0.accuracy.value, -$0.sizeBytes.value) < ($1.accuracy.value, -$1.sizeBytes.value)
    }
  }

  private static func entry(_ text: String, _ figure: Figure) -> Entry {
    Entry(text: text, basis: figure.basis, method: figure.method)
  }

  private static func cell(_ heading: String, of variant: TradeoffVariant) -> [Entry] {
    let home = variant.homeTarget
    switch heading {
    case "Model size":
      return [entry(FigureText.bytes(variant.sizeBytes.value), variant.sizeBytes)]
    case "Accuracy":
      return [entry(FigureText.percent(variant.accuracy.value), variant.accuracy)]
    case "Latency":
      var entries: [Entry] = []
      if let host = variant.hostLatencySeconds {
        entries.append(entry(FigureText.seconds(host.value) + " on this host", host))
      }
      if let home {
        entries.append(
          entry(
            FigureText.seconds(home.latencySeconds.value) + " on \(home.profile)",
            home.latencySeconds))
      }
      return entries
    case "Memory usage":
      return [
        entry(
          FigureText.bytes(variant.peakMemoryBytes.value) + " peak activations",
          variant.peakMemoryBytes)
      ]
    case "Power estimate":
      let own = variant.targets.filter { $0.tier == variant.tier && $0.powerWatts != nil }
      guard
        let powered = own.first(where: { $0.profile == home?.profile }) ?? own.first(where: \.fits)
          ?? own.first,
        let power = powered.powerWatts, let energy = powered.energyJoules
      else { return [] }
      return [
        entry(FigureText.watts(power.value) + " on \(powered.profile)", power),
        entry(FigureText.joules(energy.value) + " per inference", energy),
      ]
    default:
      let complexity = variant.complexity
      return [
        Entry(
          text: complexity.summary, basis: .measured,
          method:
            "stages on the path: \(complexity.stages.joined(separator: " → ")); toolchains: "
            + complexity.toolchains.joined(separator: ", ") + "; wall time from the pipeline record"
            + (complexity.note.map { "; \($0)" } ?? ""))
      ]
    }
  }

  /// Whether every cell has at least one entry.
  public var isComplete: Bool { rows.allSatisfy { $0.cells.allSatisfy { !$0.isEmpty } } }
}
