/// One target device: what it is, how much memory it has, how fast it
/// computes and what it draws, every figure with its source. Built-in
/// profiles ship as YAML (`Sources/TriscaleDeploy/Devices/Profiles`,
/// ``DeviceProfiles/builtIn``); a user copies one and edits it
/// (``DeviceProfiles/load(path:)``). ``estimate(_:)`` turns a workload into
/// latency and energy by the profile's stated model.
public struct DeviceProfile: Codable, Sendable, Equatable {
  /// The YAML format version this code reads.
  public static let formatVersion = 1

  /// Always ``formatVersion``.
  public var formatVersion: Int
  /// Short lower-case id used on the command line ("stm32l4r5").
  public var id: String
  /// Human name ("STM32L4R5 (NUCLEO-L4R5ZI)").
  public var name: String
  /// Cloud, edge or microcontroller.
  public var tier: DeviceTier
  /// The processor ("Arm Cortex-M4F").
  public var processor: String
  /// Core clock in hertz (required for microcontrollers, whose latency model uses it).
  public var clockHertz: Sourced<Double>?
  /// RAM in bytes (activations, arena; on edge and cloud also the weights).
  public var ramBytes: Sourced<Int>
  /// Flash in bytes (required for microcontrollers, where the weights live in it).
  public var flashBytes: Sourced<Int>?
  /// How latency is computed.
  public var compute: ComputeModel
  /// Power while running inference, in watts (`nil` when no sourced figure exists:
  /// then no energy estimate is given).
  public var activeWatts: Sourced<Double>?
  /// Power while idle, in watts, when a sourced figure exists.
  public var idleWatts: Sourced<Double>?
  /// Published latencies this profile was calibrated on or is validated against.
  public var published: [PublishedResult]

  /// A profile from its parts.
  public init(
    id: String, name: String, tier: DeviceTier, processor: String, clockHertz: Sourced<Double>?,
    ramBytes: Sourced<Int>, flashBytes: Sourced<Int>?, compute: ComputeModel,
    activeWatts: Sourced<Double>?, idleWatts: Sourced<Double>? = nil,
    published: [PublishedResult] = []
  ) {
    formatVersion = Self.formatVersion
    self.id = id
    self.name = name
    self.tier = tier
    self.processor = processor
    self.clockHertz = clockHertz
    self.ramBytes = ramBytes
    self.flashBytes = flashBytes
    self.compute = compute
    self.activeWatts = activeWatts
    self.idleWatts = idleWatts
    self.published = published
  }

  /// The published result with `role` for `benchmark`, if the profile has one.
  public func published(_ role: PublishedResult.Role, benchmark: String) -> PublishedResult? {
    published.first { $0.role == role && $0.benchmark == benchmark }
  }

  enum CodingKeys: String, CodingKey {
    case formatVersion = "format-version"
    case id, name, tier, processor
    case clockHertz = "clock-hertz"
    case ramBytes = "ram-bytes"
    case flashBytes = "flash-bytes"
    case compute
    case activeWatts = "active-watts"
    case idleWatts = "idle-watts"
    case published
  }
}
