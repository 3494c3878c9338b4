/// Why a profile could not be loaded or could not estimate a workload. Each
/// case renders as one line naming what was wrong, where, and what to do.
public enum DeviceProfileError: Error, Equatable, CustomStringConvertible {
  /// A profile file is unreadable, malformed or has a bad value at `key`.
  case invalidFile(path: String, key: String, problem: String, fix: String)
  /// No profile has this id.
  case unknownProfile(id: String, known: [String])
  /// The profile has no rate for the workload's precision.
  case unsupportedPrecision(profile: String, precision: InferencePrecision, fix: String)
  /// A workload field is invalid or missing for this profile's model.
  case invalidWorkload(field: String, problem: String, fix: String)

  /// The one-line message.
  public var description: String {
    switch self {
    case .invalidFile(let path, let key, let problem, let fix):
      "invalid device profile \(path): key '\(key)' \(problem). \(fix)"
    case .unknownProfile(let id, let known):
      "unknown device profile '\(id)'. Choose one of: \(known.joined(separator: ", ")), or load a YAML profile with --profile FILE"
    case .unsupportedPrecision(let profile, let precision, let fix):
      "device profile \(profile) cannot run \(precision.rawValue). \(fix)"
    case .invalidWorkload(let field, let problem, let fix):
      "invalid workload: \(field) \(problem). \(fix)"
    }
  }
}
