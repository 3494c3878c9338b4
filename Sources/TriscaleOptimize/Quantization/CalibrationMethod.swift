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
    let option = NamedOption(parsing: text)
    switch (option.name, option.argument) {
    case ("minmax", nil): self = .minMax
    case ("mse", nil): self = .meanSquaredError
    case ("percentile", _):
      self = .percentile(
        try option.number(
          default: 99.99, flag: "calibration", expected: "percentile in (50, 100]",
          example: "percentile:99.99"
        ) { $0 > 50 && $0 <= 100 })
    default:
      throw TriscaleError.invalidArgument(
        name: "calibration", problem: "unknown calibration method '\(text)'",
        fix: "Use minmax, percentile[:P] or mse")
    }
  }

  /// The method in the text form ``init(parsing:)`` reads.
  public var description: String {
    switch self {
    case .minMax: "minmax"
    case .percentile(let value): "percentile:\(value)"
    case .meanSquaredError: "mse"
    }
  }
}
