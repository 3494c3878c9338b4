import Foundation
import TriscaleEngine
import TriscaleGraph
import TriscaleInt8

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

extension LatencyTimer {
  /// Batch-1 latency of the int8 runtime on a constant image.
  static func measure(_ executor: Int8Executor, warmup: Int, runs: Int) -> Summary {
    let input = [Int8](repeating: 1, count: executor.model.input.elementCount)
    var output = [Int8](repeating: 0, count: executor.model.output.elementCount)
    return input.withUnsafeBufferPointer { source in
      output.withUnsafeMutableBufferPointer { target in
        measure(warmup: warmup, runs: runs) {
          executor.run(input: source.baseAddress!, output: target.baseAddress!)
        }
      }
    }
  }

  /// Inference latency of a float `executor` (planned for batch 1) on a constant image.
  static func measure(
    _ executor: FloatExecutor, parameters: ParameterStore, warmup: Int, runs: Int
  ) throws -> Summary {
    var parameters = parameters
    let image = [Float](repeating: 0.1, count: executor.graph.inputShape.reduce(1, *))
    return try image.withUnsafeBufferPointer { pointer in
      try measure(warmup: warmup, runs: runs) {
        _ = try executor.forward(images: pointer, parameters: &parameters, training: false)
      }
    }
  }
}
