import TriscaleCore
import TriscaleGraph

/// Seeded test data: inputs, parameters and loss weights.
enum TestValues {
  /// `count` values uniform in `range`.
  static func uniform(_ count: Int, in range: ClosedRange<Float>, seed: UInt64) -> [Float] {
    var random = SeededRandom(seed: seed)
    return (0..<count).map { _ in
      range.lowerBound + random.nextUniform() * (range.upperBound - range.lowerBound)
    }
  }

  /// Parameters for `graph` in which every tensor is random, so biases,
  /// shifts and moving statistics all influence the result.
  static func parameters(for graph: Graph, seed: UInt64) -> ParameterStore {
    var store = ParameterStore(initializing: graph, seed: seed)
    for (offset, spec) in graph.parameterSpecs.enumerated() where spec.role != .kernel {
      let range: ClosedRange<Float> =
        switch spec.role {
        case .gamma: 0.5...1.5
        case .movingVariance: 0.5...2
        default: -0.5...0.5
        }
      store[spec.key] = Tensor(
        shape: spec.shape,
        storage: uniform(spec.elementCount, in: range, seed: seed &+ UInt64(offset) &* 7919))
    }
    return store
  }

  /// An NHWC batch whose values keep clear of the kinks of ReLU (0), ReLU6
  /// (6) and max pooling (ties): every channel of every image is a seeded
  /// permutation of the grid 0.3·k − 3.15, so values are at least 0.15 from
  /// 0 and 6 and at least 0.3 from each other.
  static func kinkFreeImages(batchSize: Int, shape: [Int], seed: UInt64) -> [Float] {
    let positions = shape[0] * shape[1]
    let channels = shape[2]
    var random = SeededRandom(seed: seed)
    var images = [Float](repeating: 0, count: batchSize * positions * channels)
    for image in 0..<batchSize {
      for channel in 0..<channels {
        let grid = (0..<positions).map { Float($0) * 0.3 - 3.15 }.shuffled(using: &random)
        for (position, value) in grid.enumerated() {
          images[(image * positions + position) * channels + channel] = value
        }
      }
    }
    return images
  }

  /// `Σ output · weights` in `Double`, the loss every gradient test differentiates.
  static func weightedSum(_ output: [Float], _ weights: [Float]) -> Double {
    zip(output, weights).reduce(0) { $0 + Double($1.0) * Double($1.1) }
  }
}
