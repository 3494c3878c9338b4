import Foundation

/// Batch-1 latency: runs `body` `warmup` times untimed, then `runs` times
/// timed one by one, and summarizes the distribution in milliseconds.
struct LatencyTimer {
  struct Summary: Codable {
    var medianMilliseconds: Double
    var p10Milliseconds: Double
    var p90Milliseconds: Double
    var runs: Int
  }

  static func measure(warmup: Int, runs: Int, _ body: () throws -> Void) rethrows -> Summary {
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
}
