/// One number in the analysis and how it was obtained: measured on this host,
/// or estimated for a named target by a stated method.
public struct Figure: Codable, Equatable, Sendable {
  /// Whether a figure was measured or estimated.
  public enum Basis: String, Codable, Sendable {
    /// Obtained by running the model (or its generated code) here.
    case measured
    /// Computed for a target from a device profile and a stated model.
    case estimated
  }

  /// The value, in the unit its field names (seconds, bytes, watts, joules, a fraction).
  public var value: Double
  /// Measured or estimated.
  public var basis: Basis
  /// How: the host and stage, or the profile and the method ("QEMU instructions × cycles per
  /// instruction calibrated on …").
  public var method: String

  /// A figure of `value` obtained as `basis` says, by `method`.
  public init(_ value: Double, _ basis: Basis, method: String) {
    self.value = value
    self.basis = basis
    self.method = method
  }

  /// A measured figure.
  public static func measured(_ value: Double, method: String) -> Figure {
    Figure(value, .measured, method: method)
  }

  /// An estimated figure.
  public static func estimated(_ value: Double, method: String) -> Figure {
    Figure(value, .estimated, method: method)
  }
}
