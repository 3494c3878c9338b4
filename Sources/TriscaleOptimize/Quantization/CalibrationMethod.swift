import TriscaleCore

/// How post-training quantization picks each activation's range from the
/// values seen on calibration images.
public enum CalibrationMethod: Equatable, Sendable, CustomStringConvertible {
  /// The smallest and largest value seen.
  case minMax
  /// The `percent` and `100 − percent` percentiles (e.g. 99.99): outliers are clipped.
  case percentile(Double)
  /// The clipping range that minimizes the mean squared quantization error
  /// over the observed distribution.
  case meanSquaredError

  /// Parses `minmax`, `percentile` (99.99), `percentile:99.9` or `mse`.
  public init(parsing text: String) throws {
    let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
    switch parts.first {
    case "minmax" where parts.count == 1: self = .minMax
    case "mse" where parts.count == 1: self = .meanSquaredError
    case "percentile":
      let value = parts.count == 2 ? Double(parts[1]) : 99.99
      guard let value, value > 50, value <= 100 else {
        throw TriscaleError.invalidArgument(
          name: "calibration", problem: "'\(text)' has no percentile in (50, 100]",
          fix: "Write percentile:99.99")
      }
      self = .percentile(value)
    default:
      throw TriscaleError.invalidArgument(
        name: "calibration", problem: "unknown calibration method '\(text)'",
        fix: "Use minmax, percentile[:P] or mse")
    }
  }

  public var description: String {
    switch self {
    case .minMax: "minmax"
    case .percentile(let value): "percentile:\(value)"
    case .meanSquaredError: "mse"
    }
  }
}
