/// One of a scenario's limits, as the engine checks it: which figure of an
/// option it reads, which way it bounds, and how it reads in a sentence.
enum ScenarioConstraint: CaseIterable, Sendable {
  case fits, minAccuracy, maxLatency, minFPS, maxSize, maxMemory, maxEnergy, minBatteryDays
  case maxOffload

  /// The limit in the scenario, in the option's own units (fraction, seconds, bytes, joules,
  /// days), or nil when the scenario sets none.
  func limit(in constraints: Scenario.Constraints) -> Double? {
    switch self {
    case .fits: nil
    case .minAccuracy: constraints.minAccuracy
    case .maxLatency: constraints.maxLatencyMs.map { $0 / 1_000 }
    case .minFPS: constraints.minFPS
    case .maxSize: constraints.maxSizeKB.map { $0 * 1_000 }
    case .maxMemory: constraints.maxMemoryKB.map { $0 * 1_000 }
    case .maxEnergy: constraints.maxEnergyMJ.map { $0 / 1_000 }
    case .minBatteryDays: constraints.minBatteryDays
    case .maxOffload: constraints.maxOffloadFraction
    }
  }

  /// `constraints` with this limit set to `value` (in the option's units).
  func setting(_ value: Double, in constraints: Scenario.Constraints) -> Scenario.Constraints {
    var changed = constraints
    switch self {
    case .fits: break
    case .minAccuracy: changed.minAccuracy = value
    case .maxLatency: changed.maxLatencyMs = value * 1_000
    case .minFPS: changed.minFPS = value
    case .maxSize: changed.maxSizeKB = value / 1_000
    case .maxMemory: changed.maxMemoryKB = value / 1_000
    case .maxEnergy: changed.maxEnergyMJ = value * 1_000
    case .minBatteryDays: changed.minBatteryDays = value
    case .maxOffload: changed.maxOffloadFraction = value
    }
    return changed
  }

  /// The option's figure this limit bounds (nil: the option has none, e.g. no battery).
  func value(of option: ScenarioOption) -> Double? {
    switch self {
    case .fits: option.fitProblem == nil ? 1 : 0
    case .minAccuracy: option.accuracy
    case .maxLatency: option.latencySeconds
    case .minFPS: 1 / option.latencySeconds
    case .maxSize: option.sizeBytes
    case .maxMemory: option.memoryBytes
    case .maxEnergy: option.energyJoules
    case .minBatteryDays: option.batteryDays
    case .maxOffload: option.offloadFraction
    }
  }

  /// Whether the limit is a floor (the figure must reach it) rather than a ceiling.
  var isMinimum: Bool { [.minAccuracy, .minFPS, .minBatteryDays].contains(self) }

  /// Whether `option` meets the limit in `constraints` (true when no limit is set).
  func isMet(by option: ScenarioOption, in constraints: Scenario.Constraints) -> Bool {
    if self == .fits { return option.fitProblem == nil }
    guard let limit = limit(in: constraints) else { return true }
    guard let value = value(of: option) else { return false }
    return isMinimum ? value >= limit : value <= limit
  }

  /// Its YAML key ("max-latency-ms").
  var key: String {
    switch self {
    case .fits: "fits the device"
    case .minAccuracy: "min-accuracy"
    case .maxLatency: "max-latency-ms"
    case .minFPS: "min-fps"
    case .maxSize: "max-size-kb"
    case .maxMemory: "max-memory-kb"
    case .maxEnergy: "max-energy-mj"
    case .minBatteryDays: "min-battery-days"
    case .maxOffload: "max-offload-fraction"
    }
  }

  /// A figure of this limit's kind in words ("33.3 ms", "86.76%", "365.0 days").
  func text(_ value: Double) -> String {
    switch self {
    case .fits: value == 1 ? "fits" : "does not fit"
    case .minAccuracy: FigureText.percent(value)
    case .maxLatency: FigureText.seconds(value)
    case .minFPS: String(format: "%.1f fps", value)
    case .maxSize, .maxMemory: FigureText.bytes(value)
    case .maxEnergy: FigureText.joules(value)
    case .minBatteryDays: FigureText.days(value)
    case .maxOffload: String(format: "%.0f%% offloaded", value * 100)
    }
  }

  /// "needs 45.20 ms per inference, over the 33.33 ms limit (max-latency-ms)".
  func violation(of option: ScenarioOption, in constraints: Scenario.Constraints) -> String {
    if self == .fits { return "does not fit the device (\(option.fitProblem ?? "too large"))" }
    let limit = limit(in: constraints) ?? 0
    guard let value = value(of: option) else { return "has no figure for \(key)" }
    return "gives \(text(value)), \(isMinimum ? "under" : "over") the \(text(limit)) limit (\(key))"
  }
}
