import TriscaleCore
import TriscaleData
import TriscaleEngine
import TriscaleGraph

/// Seeded models and data for the optimization tests.
enum OptimizeFixtures {
  /// `graph`'s parameters with random kernels and random batch-norm
  /// statistics, so folding and slicing have something to get wrong.
  static func parameters(for graph: Graph, seed: UInt64) -> ParameterStore {
    var store = ParameterStore(initializing: graph, seed: seed)
    var random = SeededRandom(seed: seed &+ 17)
    for spec in graph.parameterSpecs where spec.role != .kernel {
      let (low, high): (Float, Float) =
        switch spec.role {
        case .gamma: (0.5, 1.5)
        case .movingVariance: (0.5, 2)
        default: (-0.3, 0.3)
        }
      store[spec.key] = Tensor(
        shape: spec.shape,
        storage: (0..<spec.elementCount).map { _ in low + random.nextUniform() * (high - low) })
    }
    return store
  }

  /// Normalized images of the built-in synthetic dataset.
  static func images(count: Int, split: Split = .test) throws -> (images: [Float], dataset: Dataset)
  {
    let dataset = SyntheticDataset.standard(split: split).prefix(count)
    let loader = try BatchLoader(
      dataset: dataset, batchSize: count, normalization: .fit(dataset), shuffle: false, seed: 0,
      dropLast: false)
    let batch = Array(loader.batches(epoch: 0))[0]
    return (batch.images, dataset)
  }

  /// fp32 inference outputs of `graph` on `images` (a whole batch).
  static func outputs(graph: Graph, parameters: ParameterStore, images: [Float]) throws -> [Float] {
    let batch = images.count / graph.inputShape.reduce(1, *)
    let executor = try FloatExecutor(graph: graph, batchSize: batch, training: false)
    var parameters = parameters
    return try images.withUnsafeBufferPointer {
      try executor.forward(images: $0, parameters: &parameters, training: false)
    }
  }
}
