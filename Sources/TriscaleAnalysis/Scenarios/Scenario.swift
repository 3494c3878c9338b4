/// A deployment question in numbers: the device a product runs on, the
/// limits it must meet, and what to make as good as possible within them.
/// Built-in ones are ``Scenario/builtIn``; users write their own in YAML with
/// the same keys.
public struct Scenario: Codable, Equatable, Sendable {
  /// What to make as good as possible.
  public enum Objective: String, Codable, Sendable, CaseIterable {
    /// The highest top-1 accuracy.
    case accuracy
    /// The least energy per inference on the device.
    case energy
    /// The lowest latency.
    case latency
    /// The fewest bytes on the device.
    case size
    /// The longest battery life.
    case batteryLife = "battery-life"
  }

  /// The limits; every one is optional.
  public struct Constraints: Codable, Equatable, Sendable {
    /// Lowest acceptable top-1, a fraction.
    public var minAccuracy: Double?
    /// Longest acceptable latency per inference, milliseconds.
    public var maxLatencyMs: Double?
    /// Fewest inferences per second (frames per second for video).
    public var minFPS: Double?
    /// Most kilobytes (1,000 bytes) of weights on the device.
    public var maxSizeKB: Double?
    /// Most kilobytes of activation memory on the device.
    public var maxMemoryKB: Double?
    /// Most millijoules per inference on the device.
    public var maxEnergyMJ: Double?
    /// Shortest acceptable battery life, days (needs the workload's battery and rate).
    public var minBatteryDays: Double?
    /// Largest fraction of inferences sent off the device (offload counts 1).
    public var maxOffloadFraction: Double?

    /// No limits.
    public init() {}

    /// The keys in YAML.
    public enum CodingKeys: String, CodingKey, CaseIterable {
      case minAccuracy = "min-accuracy"
      case maxLatencyMs = "max-latency-ms"
      case minFPS = "min-fps"
      case maxSizeKB = "max-size-kb"
      case maxMemoryKB = "max-memory-kb"
      case maxEnergyMJ = "max-energy-mj"
      case minBatteryDays = "min-battery-days"
      case maxOffloadFraction = "max-offload-fraction"
    }
  }

  /// How often the device infers and what powers it (for battery life).
  public struct Workload: Codable, Equatable, Sendable {
    /// Inferences per hour.
    public var inferencesPerHour: Double
    /// The battery's energy, milliwatt-hours (a CR2032 holds about 675 mWh: 225 mAh × 3 V).
    public var batteryMWh: Double?
    /// Power between inferences, milliwatts.
    public var sleepPowerMW: Double?
    /// Where those figures come from.
    public var source: String?

    /// A workload of `inferencesPerHour`.
    public init(
      inferencesPerHour: Double, batteryMWh: Double? = nil, sleepPowerMW: Double? = nil,
      source: String? = nil
    ) {
      self.inferencesPerHour = inferencesPerHour
      self.batteryMWh = batteryMWh
      self.sleepPowerMW = sleepPowerMW
      self.source = source
    }

    /// The keys in YAML.
    public enum CodingKeys: String, CodingKey, CaseIterable {
      case inferencesPerHour = "inferences-per-hour"
      case batteryMWh = "battery-mwh"
      case sleepPowerMW = "sleep-power-mw"
      case source
    }
  }

  /// Sending the input to a model on another device instead of (or after) inferring locally.
  public struct Offload: Codable, Equatable, Sendable {
    /// The device profile the remote model runs on ("cloud-server").
    public var profile: String
    /// Network round trip per request, milliseconds.
    public var networkLatencyMs: Double
    /// Millijoules the device spends sending one input.
    public var radioEnergyMJ: Double
    /// Bytes sent per input.
    public var bytesPerInput: Double
    /// Where those figures come from.
    public var source: String

    /// An offload to `profile`.
    public init(
      profile: String, networkLatencyMs: Double, radioEnergyMJ: Double, bytesPerInput: Double,
      source: String
    ) {
      self.profile = profile
      self.networkLatencyMs = networkLatencyMs
      self.radioEnergyMJ = radioEnergyMJ
      self.bytesPerInput = bytesPerInput
      self.source = source
    }

    /// The keys in YAML.
    public enum CodingKeys: String, CodingKey, CaseIterable {
      case profile
      case networkLatencyMs = "network-latency-ms"
      case radioEnergyMJ = "radio-energy-mj"
      case bytesPerInput = "bytes-per-input"
      case source
    }
  }

  /// Its name ("real-time-video").
  public var name: String
  /// One sentence on the product.
  public var description: String
  /// The device profile it runs on.
  public var device: String
  /// What to make as good as possible.
  public var objective: Objective
  /// The limits.
  public var constraints: Constraints
  /// The duty cycle, for battery life.
  public var workload: Workload?
  /// Whether and how inputs may go to a remote model.
  public var offload: Offload?
  /// Whether a cascade (on-device model first, the remote model when unsure) is an option;
  /// needs ``offload`` and a cascade evaluation.
  public var cascade: Bool?

  /// A scenario.
  public init(
    name: String, description: String, device: String, objective: Objective,
    constraints: Constraints, workload: Workload? = nil, offload: Offload? = nil,
    cascade: Bool? = nil
  ) {
    self.name = name
    self.description = description
    self.device = device
    self.objective = objective
    self.constraints = constraints
    self.workload = workload
    self.offload = offload
    self.cascade = cascade
  }
}
