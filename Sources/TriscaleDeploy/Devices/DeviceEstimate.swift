/// What ``DeviceProfile/estimate(_:)`` says one inference costs on a device,
/// each figure with the method that produced it and its sources.
public struct DeviceEstimate: Codable, Sendable, Equatable {
  /// The profile's id.
  public var profileID: String
  /// Seconds per inference.
  public var latencySeconds: Double
  /// Watts drawn while running, when the profile has a sourced power figure.
  public var powerWatts: Double?
  /// Joules per inference (power × latency), when power is known.
  public var energyJoules: Double?
  /// True only when the latency is this host's measurement, not an estimate.
  public var isMeasured: Bool
  /// Whether the weights fit the flash (microcontrollers) or memory, and the arena the RAM.
  public var fits: Bool
  /// Why it does not fit (`nil` when it fits).
  public var fitProblem: String?
  /// One sentence: how the latency was obtained, naming the calibration.
  public var latencyMethod: String
  /// One sentence: how the energy was obtained (or why there is none).
  public var energyMethod: String
  /// The citations of every profile figure used.
  public var sources: [String]
}
