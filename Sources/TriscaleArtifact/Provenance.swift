/// How a figure was obtained: measured on a host, or estimated for a target.
public enum Provenance: Codable, Equatable, Sendable {
  /// Measured by running the model: on which host, when (ISO 8601), by which command or stage.
  case measured(host: String, date: String, command: String)
  /// Estimated for a target from a named device profile and a stated method.
  case estimated(profile: String, method: String)

  /// One line for reports: "measured on HOST, DATE (COMMAND)" or "estimated for PROFILE (METHOD)".
  public var summary: String {
    switch self {
    case .measured(let host, let date, let command): "measured on \(host), \(date) (\(command))"
    case .estimated(let profile, let method): "estimated for \(profile) (\(method))"
    }
  }
}
