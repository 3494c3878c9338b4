import Foundation

extension DeviceProfile {
  /// The latency, power and energy of one inference of `workload` on this
  /// device, by the profile's ``ComputeModel``, each with its method and sources.
  ///
  /// - Throws: ``DeviceProfileError/unsupportedPrecision(profile:precision:fix:)``
  ///   when the profile has no rate for the workload's precision (a
  ///   microcontroller runs the generated int8 C only), and
  ///   ``DeviceProfileError/invalidWorkload(field:problem:fix:)`` when a figure
  ///   is negative, or the measurement the model needs (host latency, QEMU
  ///   instructions on the profile's core) is missing.
  public func estimate(_ workload: InferenceWorkload) throws -> DeviceEstimate {
    try Self.validate(workload)
    let (latency, latencyMethod, latencySources) = try latency(of: workload)
    var sources = latencySources
    var energyMethod = "no energy: the profile has no sourced power figure"
    var power: Double?
    if let active = activeWatts {
      power = active.value
      sources.append(active.source)
      energyMethod =
        "energy = \(Self.format(active.value)) W active power × latency (\(compute.hostMeasured ? "an estimate, " : "")\(active.source))"
    }
    return DeviceEstimate(
      profileID: id, latencySeconds: latency, powerWatts: power,
      energyJoules: power.map { $0 * latency }, isMeasured: compute.hostMeasured,
      fits: fitProblem(for: workload) == nil, fitProblem: fitProblem(for: workload),
      latencyMethod: latencyMethod, energyMethod: energyMethod, sources: sources)
  }

  /// Latency in seconds, its method sentence and the sources it used.
  private func latency(of workload: InferenceWorkload) throws -> (Double, String, [String]) {
    if compute.hostMeasured {
      guard let measured = workload.hostLatencySeconds else {
        throw DeviceProfileError.invalidWorkload(
          field: "host latency", problem: "is missing for the host profile",
          fix: "Measure it first (triscale bench latency) or pick an estimated profile")
      }
      return (measured, "measured on this host (not an estimate)", [])
    }
    if let core = compute.mcuCore, let cycles = compute.cyclesPerInstruction,
      let clock = clockHertz
    {
      guard workload.precision == .int8 else {
        throw DeviceProfileError.unsupportedPrecision(
          profile: id, precision: workload.precision,
          fix:
            "Microcontroller profiles run the generated int8 C only: quantize the model first (triscale quantize)"
        )
      }
      guard let instructions = workload.mcuInstructions[core] else {
        throw DeviceProfileError.invalidWorkload(
          field: "QEMU instructions on \(core.rawValue)", problem: "are missing",
          fix:
            "Run the variant under QEMU first: triscale deploy mcu MODEL --target \(core.rawValue) --run-images 1"
        )
      }
      let latency = Double(instructions) * cycles.value / clock.value
      let method =
        "latency = \(instructions) QEMU instructions on \(core.rawValue) × \(Self.format(cycles.value)) cycles per instruction ÷ \(Self.format(clock.value / 1e6)) MHz; cycles per instruction \(cycles.source)"
      return (latency, method, [cycles.source, clock.source])
    }
    guard let rate = compute.macsPerSecond[workload.precision] else {
      let rated = compute.macsPerSecond.keys.map(\.rawValue).sorted()
      throw DeviceProfileError.unsupportedPrecision(
        profile: id, precision: workload.precision,
        fix: rated.isEmpty
          ? "The profile rates no precision: add macs-per-second to its YAML"
          : "It has sourced rates for \(rated.joined(separator: ", ")) only: export that precision, or add a sourced rate to the profile's YAML"
      )
    }
    let latency = Double(workload.macs) / rate.value
    let method =
      "latency = \(workload.macs) MACs ÷ \(Self.format(rate.value / 1e9)) G\(workload.precision.rawValue) MAC/s; rate \(rate.source)"
    return (latency, method, [rate.source])
  }

  /// Why `workload` does not fit this device, or `nil` when it does.
  func fitProblem(for workload: InferenceWorkload) -> String? {
    if tier == .microcontroller, let flash = flashBytes {
      if workload.weightBytes > flash.value {
        return "\(workload.weightBytes) bytes of weights exceed the \(flash.value)-byte flash"
      }
      if workload.peakMemoryBytes > ramBytes.value {
        return "a \(workload.peakMemoryBytes)-byte arena exceeds the \(ramBytes.value)-byte RAM"
      }
      return nil
    }
    let needed = workload.weightBytes + workload.peakMemoryBytes
    return needed > ramBytes.value
      ? "\(needed) bytes of weights and activations exceed the \(ramBytes.value)-byte memory" : nil
  }

  /// Checks that every workload figure is usable.
  static func validate(_ workload: InferenceWorkload) throws {
    let counts = [
      ("macs", workload.macs), ("weight bytes", workload.weightBytes),
      ("peak memory bytes", workload.peakMemoryBytes),
    ]
    for (field, value) in counts where value < 0 || (field == "macs" && value == 0) {
      throw DeviceProfileError.invalidWorkload(
        field: field, problem: "is \(value)", fix: "Give a positive count")
    }
    for (core, count) in workload.mcuInstructions where count <= 0 {
      throw DeviceProfileError.invalidWorkload(
        field: "QEMU instructions on \(core.rawValue)", problem: "are \(count)",
        fix: "Give the positive count MCUReport.qemuRun reports")
    }
    if let latency = workload.hostLatencySeconds, !(latency.isFinite && latency > 0) {
      throw DeviceProfileError.invalidWorkload(
        field: "host latency", problem: "is \(latency) s", fix: "Give a positive, finite time")
    }
  }

  /// `value` with four significant digits.
  static func format(_ value: Double) -> String {
    let magnitude = value == 0 ? 0 : Int((log10(abs(value))).rounded(.down))
    let decimals = max(0, 3 - magnitude)
    return String(format: "%.\(decimals)f", value)
  }
}
