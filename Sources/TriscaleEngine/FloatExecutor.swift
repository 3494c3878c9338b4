import CDNNL
import TriscaleCore
import TriscaleGraph

/// Runs a ``Graph`` in fp32 on oneDNN for a fixed batch size: forward for
/// inference and training, backward for parameter gradients.
///
/// All primitives and activation buffers are created once, in ``init``; each
/// call only copies parameters in and runs the primitives. Activations stay
/// NHWC end to end, so no activation is ever reordered between ops.
public final class FloatExecutor {
  /// The graph being executed.
  public let graph: Graph
  /// The batch size every call processes.
  public let batchSize: Int
  /// Whether backward passes are available.
  public let supportsTraining: Bool

  private let buffers: [NodeBuffers]
  private let layers: [Layer?]
  private let consumerCounts: [Int]
  private let contributions: [Int: DNNLMemory]

  /// Plans the graph for `batchSize` images; `training` also plans backward passes.
  public init(graph: Graph, batchSize: Int, training: Bool) throws {
    guard batchSize > 0 else {
      throw TriscaleError.invalidArgument(name: "batch size", problem: "\(batchSize) is not positive", fix: "Use a batch size of at least 1")
    }
    self.graph = graph
    self.batchSize = batchSize
    supportsTraining = training
    var consumerCounts = [Int](repeating: 0, count: graph.nodes.count)
    for node in graph.nodes { for input in node.inputs { consumerCounts[input] += 1 } }
    self.consumerCounts = consumerCounts
    let buffers = try graph.nodes.enumerated().map { index, node in
      try NodeBuffers(shape: [batchSize] + node.shape, withGradient: training && index > 0)
    }
    let fusedReLUs = FloatExecutor.fusableReLUs(in: graph, consumerCounts: consumerCounts)
    var layers: [Layer?] = []
    var contributions: [Int: DNNLMemory] = [:]
    for (index, node) in graph.nodes.enumerated() {
      if fusedReLUs.values.contains(index) {
        layers.append(nil)  // computed by the batch norm before it
      } else {
        layers.append(
          try FloatExecutor.makeLayer(
            node: node, inputs: node.inputs.map { buffers[$0] },
            output: buffers[fusedReLUs[index] ?? index], fusedReLU: fusedReLUs[index] != nil, training: training))
      }
      if training, index > 0, consumerCounts[index] > 1 {
        contributions[index] = try DNNLMemory(buffers[index].descriptor)
      }
    }
    self.buffers = buffers
    self.layers = layers
    self.contributions = contributions
  }

  /// Batch norms whose only consumer is a ReLU, mapped to that ReLU's index.
  private static func fusableReLUs(in graph: Graph, consumerCounts: [Int]) -> [Int: Int] {
    var fused: [Int: Int] = [:]
    for (index, node) in graph.nodes.enumerated() where node.operation == .relu {
      let source = node.inputs[0]
      if case .batchNorm = graph.nodes[source].operation, consumerCounts[source] == 1 { fused[source] = index }
    }
    return fused
  }

  private static func makeLayer(
    node: Node, inputs: [NodeBuffers], output: NodeBuffers, fusedReLU: Bool, training: Bool
  ) throws -> Layer? {
    let needsInputGradient = training && node.inputs.first != 0
    switch node.operation {
    case .input:
      return nil
    case .conv2d(let attributes):
      return try ConvolutionLayer(
        node: node, attributes: attributes, input: inputs[0], output: output, training: training,
        needsInputGradient: needsInputGradient)
    case .dense(let units, let useBias):
      return try DenseLayer(
        node: node, units: units, useBias: useBias, input: inputs[0], output: output, training: training,
        needsInputGradient: needsInputGradient)
    case .batchNorm(let epsilon, let momentum):
      return try BatchNormLayer(
        node: node, epsilon: epsilon, momentum: momentum, input: inputs[0], output: output, training: training,
        fusedReLU: fusedReLU)
    case .relu:
      return try ActivationLayer(node: node, upperBound: nil, input: inputs[0], output: output, training: training)
    case .relu6:
      return try ActivationLayer(node: node, upperBound: 6, input: inputs[0], output: output, training: training)
    case .maxPool(let attributes):
      return try PoolingLayer(
        node: node, attributes: attributes, isMax: true, input: inputs[0], output: output, training: training)
    case .avgPool(let attributes):
      return try PoolingLayer(
        node: node, attributes: attributes, isMax: false, input: inputs[0], output: output, training: training)
    case .globalAvgPool:
      return GlobalAveragePoolLayer(input: inputs[0], output: output)
    case .add:
      return AddLayer(left: inputs[0], right: inputs[1], output: output)
    case .flatten:
      return FlattenLayer(input: inputs[0], output: output)
    case .dropout(let rate):
      return DropoutLayer(rate: rate, input: inputs[0], output: output)
    case .softmax:
      return SoftmaxLayer(input: inputs[0], output: output)
    }
  }

  /// Elements of one output row (for classifiers, the class count).
  public var outputWidth: Int { graph.outputShape.reduce(1, *) }

  /// Runs the graph on `images` (batchSize·H·W·C NHWC floats) and returns the
  /// output (batchSize·outputWidth floats). With `training`, batch norm uses
  /// batch statistics and folds them into `parameters`' moving averages, and
  /// dropout draws its masks from `seed`.
  public func forward(
    images: UnsafeBufferPointer<Float>, parameters: inout ParameterStore, training: Bool, seed: UInt64 = 0
  ) throws -> [Float] {
    let expected = buffers[0].count
    guard images.count == expected else {
      throw TriscaleError.invalidArgument(
        name: "input", problem: "\(images.count) values for a batch needing \(expected)",
        fix: "Pass batchSize·H·W·C floats")
    }
    guard !training || supportsTraining else {
      throw TriscaleError.invalidArgument(
        name: "executor", problem: "training forward on an inference executor", fix: "Create it with training: true")
    }
    try parameters.validate(against: graph)
    buffers[0].output.pointer.update(from: images.baseAddress!, count: expected)
    for (index, layer) in layers.enumerated() {
      guard let layer else { continue }
      try layer.load(parameters)
      if let dropout = layer as? DropoutLayer { dropout.seed = seed &+ UInt64(index) }
      try layer.forward(training: training)
      if training { layer.updateStatistics(&parameters) }
    }
    let last = buffers[buffers.count - 1]
    return Array(UnsafeBufferPointer(start: last.output.pointer, count: last.count))
  }

  /// Back-propagates `outputGradient` (dLoss/dOutput of the last training
  /// forward) and returns the gradient of every trainable parameter.
  public func backward(outputGradient: [Float]) throws -> ParameterStore {
    guard supportsTraining, let last = buffers.last, let lastGradient = last.gradient else {
      throw TriscaleError.invalidArgument(
        name: "executor", problem: "backward on an inference executor", fix: "Create it with training: true")
    }
    guard outputGradient.count == last.count else {
      throw TriscaleError.invalidArgument(
        name: "output gradient", problem: "\(outputGradient.count) values, expected \(last.count)",
        fix: "Pass one gradient per output element")
    }
    outputGradient.withUnsafeBufferPointer { lastGradient.pointer.update(from: $0.baseAddress!, count: last.count) }
    var received = [Int](repeating: 0, count: buffers.count)
    for index in stride(from: layers.count - 1, through: 1, by: -1) {
      guard let layer = layers[index] else { continue }
      let inputs = graph.nodes[index].inputs
      let targets: [DNNLMemory?] = inputs.map { input in
        guard input > 0 else { return nil }
        return contributions[input] ?? buffers[input].gradient
      }
      try layer.backward(inputGradients: targets)
      for input in inputs where input > 0 {
        guard let contribution = contributions[input], let gradient = buffers[input].gradient else { continue }
        let count = buffers[input].count
        if received[input] == 0 {
          gradient.pointer.update(from: contribution.pointer, count: count)
        } else {
          let sum = gradient.pointer
          let add = contribution.pointer
          for element in 0..<count { sum[element] += add[element] }
        }
        received[input] += 1
      }
    }
    var gradients = ParameterStore()
    for layer in layers { try layer?.gradients(into: &gradients) }
    return gradients
  }
}
