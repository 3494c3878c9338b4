/// An option written as `name` or `name:number` (`polynomial:0.5`,
/// `percentile:99.9`), split once at the first colon.
public struct NamedOption: Sendable {
  /// The text before the colon.
  public let name: String
  /// The text after it, nil when there is no colon.
  public let argument: String?

  /// Splits `text`.
  public init(parsing text: String) {
    let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
    name = parts.first ?? ""
    argument = parts.count == 2 ? parts[1] : nil
  }

  /// The number after the colon (`defaultValue` without one); throws naming
  /// `flag` when it is not a number for which `isValid` holds.
  public func number(
    default defaultValue: Double, flag: String, expected: String, example: String,
    isValid: (Double) -> Bool
  ) throws -> Double {
    guard let value = argument.map(Double.init) ?? defaultValue, isValid(value) else {
      throw TriscaleError.invalidArgument(
        name: flag, problem: "'\(name):\(argument ?? "")' has no \(expected)",
        fix: "Write \(example)")
    }
    return value
  }
}
