/// What one variant costs on one device: its latency, power and energy per
/// inference there, and whether it fits the device's memory.
public struct TargetFigures: Codable, Equatable, Sendable {
  /// The device profile's id ("stm32l4r5", "raspberry-pi-4", "host").
  public var profile: String
  /// The profile's name for reports ("STM32L4R5 (NUCLEO-L4R5ZI), Cortex-M4 @ 120 MHz").
  public var profileName: String
  /// The tier the device belongs to.
  public var tier: Tier
  /// Seconds per inference at batch 1.
  public var latencySeconds: Figure
  /// Watts drawn while inferring, when the profile has a sourced power figure.
  public var powerWatts: Figure?
  /// Joules per inference, when the profile has a sourced power figure.
  public var energyJoules: Figure?
  /// Whether the weights and activations fit the device.
  public var fits: Bool
  /// Why it does not fit, when it does not.
  public var fitProblem: String?

  /// The figures of one variant on `profile`.
  public init(
    profile: String, profileName: String, tier: Tier, latencySeconds: Figure, powerWatts: Figure?,
    energyJoules: Figure?, fits: Bool, fitProblem: String? = nil
  ) {
    self.profile = profile
    self.profileName = profileName
    self.tier = tier
    self.latencySeconds = latencySeconds
    self.powerWatts = powerWatts
    self.energyJoules = energyJoules
    self.fits = fits
    self.fitProblem = fitProblem
  }
}
