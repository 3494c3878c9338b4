import Testing
import TriscaleCore
import TriscaleGraph

@testable import TriscaleOptimize

@Suite("Batch-norm folding")
struct InferenceGraphTests {
  @Test(
    "folded models compute what the original computes in inference",
    arguments: [
      "resnet8", "dscnn-micro", "vgg-cloud",
    ])
  func foldingPreservesOutputs(model: String) throws {
    let graph = try ModelZoo.graph(named: model)
    let parameters = OptimizeFixtures.parameters(for: graph, seed: 3)
    let folded = try InferenceGraph(graph: graph, parameters: parameters)
    #expect(
      !folded.graph.nodes.contains { if case .batchNorm = $0.operation { true } else { false } })
    #expect(
      !folded.graph.nodes.contains { if case .dropout = $0.operation { true } else { false } })
    let (images, _) = try OptimizeFixtures.images(count: 8)
    let expected = try OptimizeFixtures.outputs(
      graph: graph, parameters: parameters, images: images)
    let actual = try OptimizeFixtures.outputs(
      graph: folded.graph, parameters: folded.parameters, images: images)
    for (a, e) in zip(actual, expected) {
      #expect(abs(a - e) <= 1e-4 * max(1, abs(e)), "folded \(a) vs original \(e)")
    }
  }
}
