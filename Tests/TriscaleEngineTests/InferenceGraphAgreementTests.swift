import Testing
import TriscaleGraph

@testable import TriscaleEngine

/// ``InferenceGraph`` (batch norms folded, dropout dropped) run on
/// ``FloatInferenceModel`` against the original graph on ``FloatExecutor`` in
/// inference mode, at batch 8 with random batch-norm statistics: within
/// 1e-4·max(1, |original|) per output.
@Suite("Batch-norm folding (outputs)")
struct InferenceGraphAgreementTests {
  @Test(
    "folded models compute what the original computes in inference",
    arguments: ["resnet8", "dscnn-micro", "vgg-cloud"])
  func foldingPreservesOutputs(model: String) throws {
    let graph = try ModelZoo.graph(named: model)
    let parameters = TestValues.parameters(for: graph, seed: 3)
    let folded = try InferenceGraph(graph: graph, parameters: parameters)
    #expect(
      !folded.graph.nodes.contains { if case .batchNorm = $0.operation { true } else { false } })
    #expect(
      !folded.graph.nodes.contains { if case .dropout = $0.operation { true } else { false } })
    let images = TestValues.uniform(8 * graph.inputShape.reduce(1, *), in: -1...1, seed: 4)
    let executor = try FloatExecutor(graph: graph, batchSize: 8, training: false)
    var original = parameters
    let expected = try images.withUnsafeBufferPointer {
      try executor.forward(images: $0, parameters: &original, training: false)
    }
    let actual = try images.withUnsafeBufferPointer {
      try FloatInferenceModel(graph: folded.graph, parameters: folded.parameters, batchSize: 8)
        .logits(for: $0)
    }
    expectClose(actual, expected, tolerance: 1e-4, "folded vs original")
  }
}
