import Foundation

extension DeviceProfile {
  /// The profile's key figures and their sources, as `triscale devices` prints them:
  /// a heading line, then one indented line per figure.
  public var summary: String {
    var lines = ["\(id) — \(name) [\(tier.rawValue)], \(processor)"]
    func line(_ label: String, _ value: String, _ source: String) {
      lines.append("  \(label): \(value)  (\(source))")
    }
    if let clock = clockHertz {
      line("clock", "\(Self.format(clock.value / 1e6)) MHz", clock.source)
    }
    line("RAM", "\(ramBytes.value) B", ramBytes.source)
    if let flash = flashBytes { line("flash", "\(flash.value) B", flash.source) }
    if compute.hostMeasured {
      lines.append("  latency: measured on this host (triscale bench latency), not estimated")
    }
    if let core = compute.mcuCore, let cycles = compute.cyclesPerInstruction {
      line(
        "latency model",
        "QEMU instructions on \(core.rawValue) × \(Self.format(cycles.value)) cycles per instruction ÷ clock",
        cycles.source)
    }
    for (precision, rate) in compute.macsPerSecond.sorted(by: { $0.key.rawValue < $1.key.rawValue })
    {
      line("\(precision.rawValue) rate", "\(Self.format(rate.value / 1e9)) G MAC/s", rate.source)
    }
    if let active = activeWatts {
      line("active power", "\(Self.format(active.value)) W", active.source)
    }
    if let idle = idleWatts { line("idle power", "\(Self.format(idle.value)) W", idle.source) }
    if activeWatts == nil { lines.append("  power: no sourced figure (no energy estimates)") }
    for result in published {
      line(
        "published \(result.role.rawValue)",
        "\(result.benchmark) (\(result.model)) \(Self.format(result.latencySeconds.value * 1e3)) ms, \(result.engine)",
        result.latencySeconds.source)
    }
    return lines.joined(separator: "\n")
  }
}
