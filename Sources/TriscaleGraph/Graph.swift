import TriscaleCore

/// A static, topologically ordered graph of typed operations over NHWC
/// tensors. Node 0 is the input; the last node is the output.
///
/// Graphs are built with ``GraphBuilder`` (which infers shapes as it goes) or
/// decoded from a model file and re-validated with ``validated()``.
public struct Graph: Codable, Equatable, Sendable {
  /// A short identifier of the architecture ("resnet8").
  public var name: String
  /// The nodes in execution order.
  public var nodes: [Node]

  /// A graph of `nodes`, unchecked; ``validated()`` checks a decoded one.
  public init(name: String, nodes: [Node]) {
    self.name = name
    self.nodes = nodes
  }

  /// The input shape [H, W, C].
  public var inputShape: [Int] { nodes[0].shape }
  /// The output shape (for classifiers, [classes]).
  public var outputShape: [Int] { nodes[nodes.count - 1].shape }

  /// The parameters of every node, in node order.
  public var parameterSpecs: [ParameterSpec] {
    nodes.indices.flatMap { parameterSpecs(of: $0) }
  }

  /// The parameters of node `index`.
  public func parameterSpecs(of index: Int) -> [ParameterSpec] {
    let node = nodes[index]
    let inputShape = node.inputs.first.map { nodes[$0].shape } ?? []
    switch node.operation {
    case .conv2d(let attributes):
      let inputChannels = inputShape.last ?? 0
      var specs = [
        ParameterSpec(
          node: node.name, role: .kernel,
          shape: [
            attributes.kernel, attributes.kernel, inputChannels / attributes.groups,
            attributes.filters,
          ],
          fanIn: attributes.kernel * attributes.kernel * inputChannels / attributes.groups)
      ]
      if attributes.useBias {
        specs.append(
          ParameterSpec(node: node.name, role: .bias, shape: [attributes.filters], fanIn: 0))
      }
      return specs
    case .dense(let units, let useBias):
      let features = inputShape.reduce(1, *)
      var specs = [
        ParameterSpec(node: node.name, role: .kernel, shape: [features, units], fanIn: features)
      ]
      if useBias {
        specs.append(ParameterSpec(node: node.name, role: .bias, shape: [units], fanIn: 0))
      }
      return specs
    case .batchNorm:
      let channels = inputShape.last ?? 0
      return [ParameterRole.gamma, .beta, .movingMean, .movingVariance].map {
        ParameterSpec(node: node.name, role: $0, shape: [channels], fanIn: 0)
      }
    default:
      return []
    }
  }

  /// For every node, the indices of the nodes that read it, in node order.
  public var consumers: [[Int]] {
    var consumers = [[Int]](repeating: [], count: nodes.count)
    for (index, node) in nodes.enumerated() {
      for input in node.inputs { consumers[input].append(index) }
    }
    return consumers
  }

  /// Bytes of all parameters (moving statistics included) stored as fp32.
  public var fp32ByteCount: Int { parameterSpecs.reduce(0) { $0 + $1.elementCount } * 4 }

  /// The number of trainable parameters (batch-norm moving statistics excluded).
  public var trainableParameterCount: Int {
    parameterSpecs.filter(\.role.isTrainable).reduce(0) { $0 + $1.elementCount }
  }

  /// Multiply-accumulate operations per image for node `index` (convolutions and dense layers).
  public func multiplyAccumulates(of index: Int) -> Int {
    let node = nodes[index]
    switch node.operation {
    case .conv2d(let attributes):
      let inputChannels = nodes[node.inputs[0]].shape[2]
      let outputPositions = node.shape[0] * node.shape[1]
      return outputPositions * attributes.filters * attributes.kernel * attributes.kernel
        * (inputChannels / attributes.groups)
    case .dense(let units, _):
      return nodes[node.inputs[0]].shape.reduce(1, *) * units
    default:
      return 0
    }
  }

  /// Multiply-accumulate operations per image for the whole graph.
  public var multiplyAccumulates: Int {
    nodes.indices.reduce(0) { $0 + multiplyAccumulates(of: $1) }
  }
}
