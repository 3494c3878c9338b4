import Testing
import TriscaleGraph

/// Zoo models on ``FloatExecutor`` against ``ReferenceExecutor`` at batch 2:
/// inference and training outputs, batch-norm moving statistics after a
/// training forward, and every parameter gradient.
///
/// Tolerance: |fast − reference| ≤ 1e-4 · max(1, |reference|), as for single
/// operations (the largest error seen is about 1.5e-6).
@Suite struct WholeModelTests {
  static let tolerance: Float = 1e-4

  @Test(arguments: ["resnet8", "dscnn-micro"])
  func matchesReference(_ model: String) throws {
    try expectExecutorsAgree(
      graph: ModelZoo.graph(named: model), batchSize: 2, seed: 53,
      tolerance: .elementwise(Self.tolerance))
  }
}
