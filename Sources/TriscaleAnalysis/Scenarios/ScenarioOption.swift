/// One way to serve a scenario: a variant on the device, a variant reached
/// over the network, or a cascade of the two; with the figures the
/// scenario's limits and objective are judged on.
public struct ScenarioOption: Codable, Equatable, Sendable {
  /// How the option infers.
  public enum Kind: String, Codable, Sendable {
    /// The variant runs on the scenario's device.
    case onDevice = "on-device"
    /// The input is sent to the variant on the remote device.
    case offload
    /// The first variant on the device, the second remotely when unsure.
    case cascade
  }

  /// How it infers.
  public var kind: Kind
  /// The variant(s) it uses: one, or the cascade's first and second.
  public var variants: [String]
  /// Its name in sentences ("edge on raspberry-pi-4", "cascade tiny-int8 → cloud").
  public var label: String
  /// Top-1 accuracy, a fraction.
  public var accuracy: Double
  /// Mean seconds per inference, as the product sees it.
  public var latencySeconds: Double
  /// Mean joules per inference spent on the device (nil when its profile has no power figure).
  public var energyJoules: Double?
  /// Bytes of weights on the device.
  public var sizeBytes: Double
  /// Bytes of activation memory on the device.
  public var memoryBytes: Double
  /// Fraction of inferences sent off the device.
  public var offloadFraction: Double
  /// Days on the battery, when the scenario gives one.
  public var batteryDays: Double?
  /// Whether it fits the device's memory, and why not.
  public var fitProblem: String?
  /// How its figures were obtained, one sentence.
  public var method: String
}
