import Dispatch
import TriscaleCore

/// Latency of one call: runs it `warmup` times untimed, then `runs` times
/// timed one by one, and summarizes the distribution in milliseconds.
public enum LatencyTimer {
  /// The distribution of the timed runs.
  public struct Summary: Codable, Sendable, Equatable {
    /// The median run, in milliseconds.
    public var medianMilliseconds: Double
    /// The 10th percentile, in milliseconds.
    public var p10Milliseconds: Double
    /// The 90th percentile, in milliseconds.
    public var p90Milliseconds: Double
    /// How many runs were timed.
    public var runs: Int

    /// A summary of figures measured elsewhere (for example by a peer runtime).
    public init(
      medianMilliseconds: Double, p10Milliseconds: Double, p90Milliseconds: Double, runs: Int
    ) {
      self.medianMilliseconds = medianMilliseconds
      self.p10Milliseconds = p10Milliseconds
      self.p90Milliseconds = p90Milliseconds
      self.runs = runs
    }
  }

  /// Times `body`; `runs` must be positive and `warmup` not negative.
  public static func measure(warmup: Int, runs: Int, _ body: () throws -> Void) throws -> Summary {
    guard runs > 0, warmup >= 0 else {
      throw TriscaleError.invalidArgument(
        name: "runs", problem: "\(runs) timed runs after \(warmup) warm-up runs",
        fix: "Time at least one run, with a warm-up count of 0 or more")
    }
    for _ in 0..<warmup { try body() }
    var times: [Double] = []
    times.reserveCapacity(runs)
    for _ in 0..<runs {
      let start = DispatchTime.now().uptimeNanoseconds
      try body()
      times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
    }
    times.sort()
    return Summary(
      medianMilliseconds: times[runs / 2], p10Milliseconds: times[runs / 10],
      p90Milliseconds: times[runs * 9 / 10], runs: runs)
  }

  /// Latency of `model`'s runtime alone, on its prepared constant input
  /// (see ``InferenceModel/withPreparedInference(_:)``).
  public static func measure(_ model: some InferenceModel, warmup: Int, runs: Int) throws
    -> Summary
  {
    try model.withPreparedInference { infer in try measure(warmup: warmup, runs: runs, infer) }
  }
}
