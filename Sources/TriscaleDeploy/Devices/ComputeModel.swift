/// How a ``DeviceProfile`` turns a workload into latency: one of three
/// models, chosen by which fields are set.
///
/// - **Measured on this host** (`host-measured: true`): the workload's
///   measured host latency is the figure; nothing is estimated.
/// - **QEMU instructions** (`mcu-core`, `cycles-per-instruction`):
///   latency = instructions per image under QEMU on that core ×
///   cycles per instruction ÷ clock. The cycles per instruction are
///   calibrated on one published result (``PublishedResult/Role/calibration``).
/// - **MAC rate** (`macs-per-second`): latency = MACs ÷ the rate for the
///   workload's precision, each rate sourced.
public struct ComputeModel: Codable, Sendable, Equatable {
  /// Whether latency is the measured host figure.
  public var hostMeasured: Bool
  /// The core whose QEMU instruction counts are used (microcontrollers).
  public var mcuCore: MCUTarget?
  /// Silicon cycles per QEMU-counted instruction of the generated code (microcontrollers).
  public var cyclesPerInstruction: Sourced<Double>?
  /// Effective multiply-accumulates per second, per precision (edge and cloud).
  public var macsPerSecond: [InferencePrecision: Sourced<Double>]

  /// A model from its parts; see the type's documentation for which to set.
  public init(
    hostMeasured: Bool = false, mcuCore: MCUTarget? = nil,
    cyclesPerInstruction: Sourced<Double>? = nil,
    macsPerSecond: [InferencePrecision: Sourced<Double>] = [:]
  ) {
    self.hostMeasured = hostMeasured
    self.mcuCore = mcuCore
    self.cyclesPerInstruction = cyclesPerInstruction
    self.macsPerSecond = macsPerSecond
  }

  enum CodingKeys: String, CodingKey {
    case hostMeasured = "host-measured"
    case mcuCore = "mcu-core"
    case cyclesPerInstruction = "cycles-per-instruction"
    case macsPerSecond = "macs-per-second"
  }

  /// Decodes, with `host-measured` and `macs-per-second` optional.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    hostMeasured = try container.decodeIfPresent(Bool.self, forKey: .hostMeasured) ?? false
    mcuCore = try container.decodeIfPresent(MCUTarget.self, forKey: .mcuCore)
    cyclesPerInstruction = try container.decodeIfPresent(
      Sourced<Double>.self, forKey: .cyclesPerInstruction)
    macsPerSecond =
      try container.decodeIfPresent(
        [InferencePrecision: Sourced<Double>].self, forKey: .macsPerSecond) ?? [:]
  }
}
