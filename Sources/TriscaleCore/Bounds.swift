/// The range checks behind every numeric flag and configuration key: a
/// value outside its stated range is refused with one
/// ``TriscaleError/invalidArgument(name:problem:fix:)`` line that names the
/// flag, the value, the range and the fix. NaN is outside every range.
public enum Bounds {
  /// The most compute threads accepted (`--threads`, `--threads-per-rank`).
  public static let threads = 1...256
  /// The most passes over a training set (`--epochs`): a run of 100,000
  /// epochs is years of compute, and step counts stay far from overflow.
  public static let epochs = 100_000
  /// The range of every batch size (`--batch-size`, `--batch`, `--batches`,
  /// `--micro-batch`); ``ActivationMemory`` refuses a batch within it whose
  /// activations do not fit in memory.
  public static let batchSize = 1...65_536
  /// The range of counts of steps, runs and images (`--steps`, `--runs`,
  /// `--warmup`, `--calibration-images`, `--check-images`,
  /// `--checkpoint-every`, `--train-limit`).
  public static let counts = 0...1_000_000_000

  /// Throws unless `value` of the flag or key `name` lies in `range`; `fix` says what to use instead.
  public static func check<Value: Comparable>(
    _ value: Value, in range: ClosedRange<Value>, name: String, fix: String
  ) throws {
    guard range.contains(value) else {
      throw TriscaleError.invalidArgument(
        name: name,
        problem: "\(text(value)) is outside \(text(range.lowerBound))...\(text(range.upperBound))",
        fix: fix)
    }
  }

  /// Throws unless `value` lies in the half-open `range` (lower bound included).
  public static func check<Value: Comparable>(
    _ value: Value, in range: Range<Value>, name: String, fix: String
  ) throws {
    guard range.contains(value) else {
      throw TriscaleError.invalidArgument(
        name: name,
        problem: "\(text(value)) is outside [\(text(range.lowerBound)), \(text(range.upperBound)))",
        fix: fix)
    }
  }

  /// Throws unless `value` is above zero and at most `upper`: the range (0, upper].
  public static func checkPositive<Value: FloatingPoint>(
    _ value: Value, atMost upper: Value, name: String, fix: String
  ) throws {
    guard value > 0, value <= upper else {
      throw TriscaleError.invalidArgument(
        name: name, problem: "\(text(value)) is outside (0, \(text(upper))]", fix: fix)
    }
  }

  /// Throws unless every one of `values` lies in `range`, naming the first that does not.
  public static func checkEach<Value: Comparable>(
    _ values: [Value], in range: ClosedRange<Value>, name: String, fix: String
  ) throws {
    for value in values { try check(value, in: range, name: name, fix: fix) }
  }

  /// Throws unless `threads` of the flag `name` is a usable compute thread count.
  public static func checkThreads(_ threads: Int, name: String = "--threads") throws {
    try check(threads, in: Bounds.threads, name: name, fix: "Use the cores you have, e.g. 1 or 2")
  }

  /// `value` for a message: a whole floating-point number without its
  /// fraction (`1`, not `1.0`), everything else as Swift prints it.
  private static func text(_ value: some Comparable) -> String {
    let number = (value as? Double) ?? (value as? Float).map(Double.init)
    if let number, number.isFinite, number == number.rounded(), abs(number) < 1e15 {
      return String(Int(number))
    }
    return "\(value)"
  }
}
