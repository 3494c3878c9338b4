import TriscaleCore

/// Range checks shared by the stage configurations.
enum Bounds {
  /// Throws unless `value` of the key `name` lies in `range`; `fix` says what to use instead.
  static func check<Value: Comparable>(
    _ value: Value, in range: ClosedRange<Value>, name: String, fix: String
  ) throws {
    guard range.contains(value) else {
      throw TriscaleError.invalidArgument(
        name: name, problem: "\(value) is outside \(range.lowerBound)...\(range.upperBound)",
        fix: fix)
    }
  }

  /// Throws unless `threads` is a usable compute thread count.
  static func checkThreads(_ threads: Int) throws {
    try check(threads, in: 1...256, name: "--threads", fix: "Use the cores you have, e.g. 1 or 2")
  }
}
