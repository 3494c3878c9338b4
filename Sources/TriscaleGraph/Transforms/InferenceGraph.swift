import TriscaleCore

/// A float model rewritten for inference: every batch norm that directly
/// follows a convolution or dense layer is folded into that layer's kernel
/// and bias, and dropout (the identity at inference) is removed.
///
/// Folding a batch norm with scale `γ`, shift `β`, moving mean `μ` and
/// variance `σ²` into a layer `y = W·x + b` gives `W' = s·W` per output
/// channel and `b' = β + s·(b − μ)` with `s = γ / √(σ² + ε)`. The folded graph
/// computes the same function as the original in inference mode.
public struct InferenceGraph: Sendable {
  /// The rewritten graph.
  public var graph: Graph
  /// Its weights (folded kernels gain a bias when they had none).
  public var parameters: ParameterStore

  /// Folds `graph`'s batch norms and drops its dropouts.
  public init(graph: Graph, parameters: ParameterStore) throws {
    try parameters.validate(against: graph)
    let consumers = graph.consumers
    // Each original node index maps to the index of the node that now produces its value.
    var replacement = [Int](repeating: -1, count: graph.nodes.count)
    var builder = GraphBuilder(name: graph.name, inputShape: graph.inputShape)
    replacement[0] = 0
    var folded = ParameterStore()
    var pendingFold: [Int: Int] = [:]  // batch norm index → layer index it folds into
    for (index, node) in graph.nodes.enumerated() where index > 0 {
      let inputs = node.inputs.map { replacement[$0] }
      switch node.operation {
      case .dropout:
        replacement[index] = inputs[0]
        continue
      case .batchNorm where pendingFold[index] != nil:
        replacement[index] = replacement[pendingFold[index]!]
        continue
      default:
        break
      }
      var operation = node.operation
      if let batchNorm = Self.foldableBatchNorm(after: index, in: graph, consumers: consumers) {
        pendingFold[batchNorm] = index
        switch operation {
        case .conv2d(var attributes):
          attributes.useBias = true
          operation = .conv2d(attributes)
        case .dense(let units, _):
          operation = .dense(units: units, useBias: true)
        default:
          break
        }
        try Self.fold(
          layer: node, into: &folded, batchNorm: graph.nodes[batchNorm], parameters: parameters)
      } else {
        for spec in graph.parameterSpecs(of: index) { folded[spec.key] = parameters[spec] }
      }
      replacement[index] = try builder.append(operation, inputs: inputs, name: node.name)
    }
    self.graph = builder.graph
    self.parameters = folded
    try folded.validate(against: self.graph)
  }

  /// The batch norm that is the only consumer of the convolution or dense
  /// layer at `index`, if any.
  private static func foldableBatchNorm(after index: Int, in graph: Graph, consumers: [[Int]])
    -> Int?
  {
    switch graph.nodes[index].operation {
    case .conv2d, .dense: break
    default: return nil
    }
    guard consumers[index].count == 1, case .batchNorm = graph.nodes[consumers[index][0]].operation
    else { return nil }
    return consumers[index][0]
  }

  private static func fold(
    layer: Node, into store: inout ParameterStore, batchNorm: Node, parameters: ParameterStore
  ) throws {
    guard case .batchNorm(let epsilon, _) = batchNorm.operation,
      let kernel = parameters["\(layer.name).kernel"],
      let gamma = parameters["\(batchNorm.name).gamma"],
      let beta = parameters["\(batchNorm.name).beta"],
      let mean = parameters["\(batchNorm.name).moving_mean"],
      let variance = parameters["\(batchNorm.name).moving_variance"]
    else {
      throw TriscaleError.invalidModel(
        problem: "batch norm '\(batchNorm.name)' after '\(layer.name)' lacks its parameters",
        fix: "The model file does not match its graph; re-export it")
    }
    let channels = gamma.count
    let bias = parameters["\(layer.name).bias"] ?? Tensor(shape: [channels])
    var scaledKernel = kernel
    var foldedBias = Tensor(shape: [channels])
    for channel in 0..<channels {
      let scale = gamma.storage[channel] / (variance.storage[channel] + epsilon).squareRoot()
      foldedBias.storage[channel] =
        beta.storage[channel] + scale * (bias.storage[channel] - mean.storage[channel])
      // Kernels keep the output channel last ([.., Cout] HWIO and [in, out]).
      var element = channel
      while element < scaledKernel.count {
        scaledKernel.storage[element] *= scale
        element += channels
      }
    }
    store["\(layer.name).kernel"] = scaledKernel
    store["\(layer.name).bias"] = foldedBias
  }
}
