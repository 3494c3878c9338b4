import Testing
import TriscaleCore
import TriscaleGraph

@Suite("Batch-norm folding (graph level)")
struct InferenceGraphTests {
  /// Input [2] → dense "fc" (no bias) → batch norm "bn" (ε = 1) → dropout → ReLU.
  static func denseBatchNorm() throws -> (Graph, ParameterStore) {
    var builder = GraphBuilder(name: "tiny", inputShape: [2])
    try builder.append(.dense(units: 2, useBias: false), name: "fc")
    try builder.append(.batchNorm(epsilon: 1, momentum: 0.9), name: "bn")
    try builder.append(.dropout(rate: 0.5), name: "drop")
    try builder.append(.relu, name: "relu")
    var parameters = ParameterStore()
    parameters["fc.kernel"] = Tensor(shape: [2, 2], storage: [1, 2, 3, 4])
    parameters["bn.gamma"] = Tensor(shape: [2], storage: [4, 3])
    parameters["bn.beta"] = Tensor(shape: [2], storage: [0.5, -1])
    parameters["bn.moving_mean"] = Tensor(shape: [2], storage: [1, 0])
    parameters["bn.moving_variance"] = Tensor(shape: [2], storage: [3, 8])
    return (builder.graph, parameters)
  }

  // s = γ / √(σ² + ε) = [4/2, 3/3] = [2, 1]; W' scales output channel 0 (elements 0 and 2)
  // by 2; b' = β + s·(0 − μ) = [0.5 − 2, −1 − 0]. Every value is exact in Float.
  @Test("a dense layer absorbs its batch norm as hand-computed, and dropout disappears")
  func foldsDenseBatchNorm() throws {
    let (graph, parameters) = try Self.denseBatchNorm()
    let folded = try InferenceGraph(graph: graph, parameters: parameters)
    #expect(folded.graph.nodes.map(\.name) == ["input", "fc", "relu"])
    #expect(folded.graph.nodes[1].operation == .dense(units: 2, useBias: true))
    #expect(folded.graph.nodes[2].inputs == [1])
    #expect(folded.parameters.keys.sorted() == ["fc.bias", "fc.kernel"])
    #expect(folded.parameters["fc.kernel"]?.storage == [2, 2, 6, 4])
    #expect(folded.parameters["fc.bias"]?.storage == [-1.5, -1])
  }

  @Test("a batch norm that follows no convolution or dense layer is kept with its parameters")
  func keepsUnfoldableBatchNorm() throws {
    var builder = GraphBuilder(name: "tiny", inputShape: [2])
    try builder.append(.batchNorm(epsilon: 1e-3, momentum: 0.9), name: "bn")
    try builder.append(.dense(units: 3, useBias: true), name: "fc")
    let parameters = ParameterStore(initializing: builder.graph, seed: 1)
    let folded = try InferenceGraph(graph: builder.graph, parameters: parameters)
    #expect(folded.graph == builder.graph)
    #expect(folded.parameters == parameters)
  }
}
