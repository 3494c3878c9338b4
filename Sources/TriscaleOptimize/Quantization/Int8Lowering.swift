import TriscaleCore
import TriscaleGraph

/// Turns a folded float graph and the calibrated range of each node's output
/// into an ``Int8Model``: convolutions and dense layers with per-channel
/// (per-tensor for dense) symmetric int8 weights and int32 biases, a ReLU or
/// ReLU6 that is a layer's or an add's only consumer fused into it, pools and
/// reshapes keeping their input's quantization.
struct Int8Lowering {
  private let graph: Graph
  private let parameters: ParameterStore
  private let ranges: [Int: (low: Float, high: Float)]
  private var tensors: [Int8Model.TensorInfo] = []
  private var operations: [Int8Operation] = []
  /// Float node index → int8 tensor holding its value.
  private var tensorOf: [Int: Int] = [:]

  /// Lowers `graph` (batch norms folded, no dropout). `ranges` holds every
  /// node's calibrated output range.
  static func lower(
    graph: Graph, parameters: ParameterStore, ranges: [Int: (low: Float, high: Float)]
  ) throws -> Int8Model {
    var lowering = Int8Lowering(graph: graph, parameters: parameters, ranges: ranges)
    try lowering.run()
    return Int8Model(name: graph.name, tensors: lowering.tensors, operations: lowering.operations)
  }

  private init(graph: Graph, parameters: ParameterStore, ranges: [Int: (low: Float, high: Float)]) {
    self.graph = graph
    self.parameters = parameters
    self.ranges = ranges
  }

  private mutating func run() throws {
    let consumers = graph.consumers
    tensorOf[0] = addTensor(for: 0, quantization: quantization(of: 0))
    var fusedReLUs = Set<Int>()  // written by the layer or add they are fused into
    for index in graph.nodes.indices.dropFirst() {
      if fusedReLUs.contains(index) { continue }
      let fused = Self.fusedActivation(of: index, in: graph, consumers: consumers)
      if let fused { fusedReLUs.insert(fused.node) }
      try lower(
        node: index, resultNode: fused?.node ?? index, activation: fused?.activation ?? .none)
    }
    guard let last = tensorOf[graph.nodes.count - 1], last == tensors.count - 1 else {
      throw TriscaleError.invalidModel(
        problem: "graph '\(graph.name)' does not end in its last int8 tensor",
        fix: "Report this model; its output node could not be lowered last")
    }
  }

  /// The ReLU or ReLU6 that is fused into node `index` — a convolution,
  /// dense layer or add whose only consumer it is — and its node; nil when
  /// none is. Quantization-aware training places its fake quantizers by the same rule.
  static func fusedActivation(of index: Int, in graph: Graph, consumers: [[Int]])
    -> (activation: FusedActivation, node: Int)?
  {
    switch graph.nodes[index].operation {
    case .conv2d, .dense, .add: break
    default: return nil
    }
    guard consumers[index].count == 1 else { return nil }
    let next = consumers[index][0]
    switch graph.nodes[next].operation {
    case .relu: return (.relu, next)
    case .relu6: return (.relu6, next)
    default: return nil
    }
  }

  private mutating func lower(node index: Int, resultNode: Int, activation: FusedActivation) throws
  {
    let node = graph.nodes[index]
    let input = node.inputs.first.flatMap { tensorOf[$0] } ?? 0
    switch node.operation {
    case .conv2d(let attributes):
      let output = addTensor(for: resultNode, quantization: quantization(of: resultNode))
      operations.append(
        .convolution(
          try convolution(
            node: node, attributes: attributes, input: input, output: output,
            activation: activation)))
    case .dense:
      let output = addTensor(for: resultNode, quantization: quantization(of: resultNode))
      operations.append(
        .fullyConnected(
          try fullyConnected(node: node, input: input, output: output, activation: activation)))
    case .add:
      let output = addTensor(for: resultNode, quantization: quantization(of: resultNode))
      operations.append(
        .add(left: input, right: tensorOf[node.inputs[1]]!, output: output, activation: activation))
    case .maxPool(let attributes):
      let output = addTensor(for: index, quantization: tensors[input].quantization)
      operations.append(.maxPool(input: input, output: output, attributes: attributes))
    case .avgPool(let attributes):
      let output = addTensor(for: index, quantization: tensors[input].quantization)
      operations.append(.averagePool(input: input, output: output, attributes: attributes))
    case .globalAvgPool:
      let shape = tensors[input].shape
      guard shape[0] == shape[1] else {
        throw unsupported(
          node, "a global average pool over a non-square \(shape[0])x\(shape[1]) input")
      }
      let pooled = appendTensor(
        name: node.name + ".window", shape: [1, 1, shape[2]],
        quantization: tensors[input].quantization)
      operations.append(
        .averagePool(
          input: input, output: pooled,
          attributes: PoolAttributes(size: shape[0], stride: shape[0], padding: .valid)))
      let output = addTensor(for: index, quantization: tensors[input].quantization)
      operations.append(.reshape(input: pooled, output: output))
    case .flatten:
      let output = addTensor(for: index, quantization: tensors[input].quantization)
      operations.append(.reshape(input: input, output: output))
    case .relu, .relu6:
      throw unsupported(
        node, "a ReLU that does not directly follow a convolution, dense layer or add")
    case .batchNorm:
      throw unsupported(node, "a batch norm that does not follow a convolution or dense layer")
    case .softmax:
      throw unsupported(node, "softmax (int8 classifiers output logits; drop the softmax)")
    case .fakeQuantize:
      throw unsupported(node, "a fake quantization (strip the training graph's fake quantizers)")
    case .dropout, .input:
      throw unsupported(node, "\(node.operation.kindName) inside the graph")
    }
  }

  private func unsupported(_ node: Node, _ what: String) -> TriscaleError {
    .invalidModel(
      problem: "node '\(node.name)' is \(what), which int8 quantization does not support",
      fix: "Use conv/dense/add (+ReLU), pooling and flatten, or keep this model in float")
  }

  private func quantization(of node: Int) -> QuantizationParameters {
    let range = ranges[node] ?? (0, 0)
    return QuantizationParameters(covering: range.low, range.high)
  }

  private mutating func addTensor(for node: Int, quantization: QuantizationParameters) -> Int {
    let index = appendTensor(
      name: graph.nodes[node].name, shape: graph.nodes[node].shape, quantization: quantization)
    tensorOf[node] = index
    return index
  }

  private mutating func appendTensor(
    name: String, shape: [Int], quantization: QuantizationParameters
  ) -> Int {
    tensors.append(Int8Model.TensorInfo(name: name, shape: shape, quantization: quantization))
    return tensors.count - 1
  }

  private func convolution(
    node: Node, attributes: Conv2DAttributes, input: Int, output: Int, activation: FusedActivation
  ) throws -> Int8Convolution {
    let kernel = parameters["\(node.name).kernel"]!
    let (size, inputsPerGroup, channels) = (kernel.shape[0], kernel.shape[2], kernel.shape[3])
    // HWIO → OHWI, then per-output-channel symmetric scales.
    var ohwi = [Float](repeating: 0, count: kernel.count)
    for y in 0..<size {
      for x in 0..<size {
        for i in 0..<inputsPerGroup {
          for o in 0..<channels {
            ohwi[((o * size + y) * size + x) * inputsPerGroup + i] =
              kernel.storage[((y * size + x) * inputsPerGroup + i) * channels + o]
          }
        }
      }
    }
    let rowLength = size * size * inputsPerGroup
    var weights = [Int8](repeating: 0, count: ohwi.count)
    var scales = [Float](repeating: 1, count: channels)
    for channel in 0..<channels {
      let row = (channel * rowLength)..<((channel + 1) * rowLength)
      scales[channel] = Self.symmetricScale(ohwi[row])
      for element in row {
        weights[element] = Self.quantizeSymmetric(ohwi[element], scale: scales[channel])
      }
    }
    let inputScale = tensors[input].quantization.scale
    let bias = try biasValues(of: node, count: channels).enumerated().map { channel, value in
      try Self.quantizeBias(value, scale: inputScale * scales[channel], node: node)
    }
    return Int8Convolution(
      input: input, output: output, kernel: attributes.kernel, stride: attributes.stride,
      padding: attributes.padding, groups: attributes.groups, activation: activation,
      weights: weights, weightScales: scales, bias: bias)
  }

  private func fullyConnected(
    node: Node, input: Int, output: Int, activation: FusedActivation
  ) throws -> Int8FullyConnected {
    let kernel = parameters["\(node.name).kernel"]!
    let (features, units) = (kernel.shape[0], kernel.shape[1])
    let scale = Self.symmetricScale(kernel.storage[...])
    var weights = [Int8](repeating: 0, count: kernel.count)
    for feature in 0..<features {
      for unit in 0..<units {
        weights[unit * features + feature] = Self.quantizeSymmetric(
          kernel.storage[feature * units + unit], scale: scale)
      }
    }
    let inputScale = tensors[input].quantization.scale
    let bias = try biasValues(of: node, count: units).map {
      try Self.quantizeBias($0, scale: inputScale * scale, node: node)
    }
    return Int8FullyConnected(
      input: input, output: output, activation: activation, weights: weights, weightScale: scale,
      bias: bias)
  }

  private func biasValues(of node: Node, count: Int) -> [Float] {
    parameters["\(node.name).bias"]?.storage ?? [Float](repeating: 0, count: count)
  }

  /// max|w| / 127 (a tiny positive scale for all-zero weights).
  private static func symmetricScale(_ values: ArraySlice<Float>) -> Float {
    max(values.reduce(0) { max($0, abs($1)) }, 1e-12) / 127
  }

  private static func quantizeSymmetric(_ value: Float, scale: Float) -> Int8 {
    Int8(min(max((value / scale).rounded(), -127), 127))
  }

  private static func quantizeBias(_ value: Float, scale: Float, node: Node) throws -> Int32 {
    let level = (Double(value) / Double(scale)).rounded()
    guard level.isFinite, abs(level) < Double(Int32.max) else {
      throw TriscaleError.numerical(
        problem: "bias of '\(node.name)' does not fit int32 at scale \(scale)",
        fix: "Calibrate on more images or check the model for diverged weights")
    }
    return Int32(level)
  }
}
