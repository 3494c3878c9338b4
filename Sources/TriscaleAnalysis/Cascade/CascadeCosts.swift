/// What each path through a cascade costs per image: the first model on the
/// device always runs; an escalated image also pays the trip to the second
/// model and its inference there.
public struct CascadeCosts: Codable, Equatable, Sendable {
  /// Seconds for the first model on its device.
  public var firstLatencySeconds: Double
  /// Joules for the first model on its device.
  public var firstEnergyJoules: Double
  /// Seconds for the second model where it runs.
  public var secondLatencySeconds: Double
  /// Joules the second model's device spends per image.
  public var secondEnergyJoules: Double
  /// Seconds of network round trip per escalated image.
  public var networkLatencySeconds: Double
  /// Joules the first device spends sending one image.
  public var networkEnergyJoules: Double
  /// Bytes sent per escalated image.
  public var networkBytes: Double
  /// Where the numbers come from, one sentence.
  public var method: String

  /// The costs of each path.
  public init(
    firstLatencySeconds: Double, firstEnergyJoules: Double, secondLatencySeconds: Double,
    secondEnergyJoules: Double, networkLatencySeconds: Double, networkEnergyJoules: Double,
    networkBytes: Double, method: String
  ) {
    self.firstLatencySeconds = firstLatencySeconds
    self.firstEnergyJoules = firstEnergyJoules
    self.secondLatencySeconds = secondLatencySeconds
    self.secondEnergyJoules = secondEnergyJoules
    self.networkLatencySeconds = networkLatencySeconds
    self.networkEnergyJoules = networkEnergyJoules
    self.networkBytes = networkBytes
    self.method = method
  }
}
