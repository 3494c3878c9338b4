import TriscaleCore
import TriscaleGraph

/// Translates a folded float graph into TensorFlow Lite tensors and
/// operators (see `docs/tflite-export.md` for the mapping).
struct TFLiteFloatLowering {
  let graph: Graph
  let parameters: ParameterStore
  let variant: TFLiteVariant

  private var model = TFLiteModelBuilder()
  /// Node index → the tensor holding its value.
  private var tensorOf: [Int: Int] = [:]

  init(graph: Graph, parameters: ParameterStore, variant: TFLiteVariant) {
    self.graph = graph
    self.parameters = parameters
    self.variant = variant
  }

  /// The lowered model.
  mutating func lower() throws -> TFLiteModelBuilder {
    var consumers = [Int](repeating: 0, count: graph.nodes.count)
    for node in graph.nodes { for input in node.inputs { consumers[input] += 1 } }
    let fused = fusedActivations(consumers: consumers)

    let input = graph.nodes[0]
    tensorOf[0] = model.addTensor(name: input.name, shape: [1] + input.shape, type: .float32)
    model.inputs = [tensorOf[0]!]

    for (index, node) in graph.nodes.enumerated() where index > 0 {
      if let producer = fused.absorbedBy[index] {
        tensorOf[index] = tensorOf[producer]
        continue
      }
      let activation = fused.activation[index] ?? .none
      let inputs = node.inputs.map { tensorOf[$0]! }
      let output = model.addTensor(name: node.name, shape: [1] + node.shape, type: .float32)
      tensorOf[index] = output
      switch node.operation {
      case .conv2d(let attributes):
        try lowerConvolution(node, attributes, input: inputs[0], output: output, activation)
      case .dense:
        let kernel = try parameter(node, "kernel")
        let (features, units) = (kernel.shape[0], kernel.shape[1])
        var weights = [Float](repeating: 0, count: kernel.count)
        for feature in 0..<features {
          for unit in 0..<units {
            weights[unit * features + feature] = kernel.storage[feature * units + unit]
          }
        }
        let weightTensor = constantWeights(
          node.name + ".kernel", shape: [units, features], values: weights, channelDimension: 0)
        let bias = constantBias(node, count: units)
        model.addOperator(
          .fullyConnected, inputs: [inputs[0], weightTensor, bias], outputs: [output],
          options: .fullyConnected(activation: activation))
      case .add:
        model.addOperator(
          .add, inputs: inputs, outputs: [output], options: .add(activation: activation))
      case .maxPool(let attributes), .avgPool(let attributes):
        let code: TFLiteSchema.BuiltinOperator =
          if case .maxPool = node.operation { .maxPool2D } else { .averagePool2D }
        model.addOperator(
          code, inputs: inputs, outputs: [output],
          options: .pool2D(
            padding: Self.padding(attributes.padding), stride: attributes.stride,
            filter: attributes.size, activation: .none))
      case .globalAvgPool:
        let axes = model.addConstant(name: node.name + ".axes", shape: [2], int32s: [1, 2])
        model.addOperator(
          .mean, inputs: [inputs[0], axes], outputs: [output],
          options: .reducer(keepDimensions: false))
      case .flatten:
        let shape = [1] + node.shape
        let shapeTensor = model.addConstant(
          name: node.name + ".shape", shape: [shape.count], int32s: shape.map { Int32($0) })
        model.addOperator(
          .reshape, inputs: [inputs[0], shapeTensor], outputs: [output],
          options: .reshape(newShape: shape))
      case .relu:
        model.addOperator(.relu, inputs: inputs, outputs: [output])
      case .relu6:
        model.addOperator(.relu6, inputs: inputs, outputs: [output])
      case .softmax:
        model.addOperator(.softmax, inputs: inputs, outputs: [output], options: .softmax(beta: 1))
      case .fakeQuantize:
        throw unsupported(
          node, "a fake quantization (a training-time op)",
          fix: "Export the int8 model that `triscale quantize --method qat` writes instead")
      case .batchNorm:
        throw unsupported(
          node, "a batch norm that does not directly follow a convolution or dense layer",
          fix: "Move the batch norm after a convolution or dense layer so that it folds")
      case .dropout, .input:
        throw unsupported(
          node, "'\(node.operation.kindName)' in an inference graph",
          fix: "Export an InferenceGraph, which drops dropout")
      }
    }
    model.outputs = [tensorOf[graph.nodes.count - 1]!]
    return model
  }

  // MARK: Operations

  private mutating func lowerConvolution(
    _ node: Node, _ attributes: Conv2DAttributes, input: Int, output: Int,
    _ activation: TFLiteSchema.Activation
  ) throws {
    let kernel = try parameter(node, "kernel")
    let size = attributes.kernel
    let inputChannels = graph.nodes[node.inputs[0]].shape[2]
    let outputChannels = attributes.filters
    let padding = Self.padding(attributes.padding)
    let bias = constantBias(node, count: outputChannels)
    if attributes.groups == 1 {
      // HWIO [K, K, Cin, Cout] → OHWI [Cout, K, K, Cin].
      var weights = [Float](repeating: 0, count: kernel.count)
      for position in 0..<(size * size) {
        for inputChannel in 0..<inputChannels {
          for outputChannel in 0..<outputChannels {
            weights[(outputChannel * size * size + position) * inputChannels + inputChannel] =
              kernel.storage[
                (position * inputChannels + inputChannel) * outputChannels + outputChannel]
          }
        }
      }
      let weightTensor = constantWeights(
        node.name + ".kernel", shape: [outputChannels, size, size, inputChannels], values: weights,
        channelDimension: 0)
      model.addOperator(
        .conv2D, inputs: [input, weightTensor, bias], outputs: [output],
        options: .conv2D(padding: padding, stride: attributes.stride, activation: activation))
    } else if attributes.groups == inputChannels {
      // HWIO [K, K, 1, Cout] is already TFLite's depthwise [1, K, K, Cout], with output
      // channel c reading input channel c / multiplier in both.
      let weightTensor = constantWeights(
        node.name + ".kernel", shape: [1, size, size, outputChannels], values: kernel.storage,
        channelDimension: 3)
      model.addOperator(
        .depthwiseConv2D, inputs: [input, weightTensor, bias], outputs: [output],
        options: .depthwiseConv2D(
          padding: padding, stride: attributes.stride, multiplier: outputChannels / inputChannels,
          activation: activation))
    } else {
      throw unsupported(
        node, "a grouped convolution with \(attributes.groups) groups (only 1 or depthwise)",
        fix: "Use groups 1 or groups equal to the input channels")
    }
  }

  // MARK: Constants

  /// A convolution or fully connected weight tensor, stored as the variant
  /// asks; returns the float32 tensor the operator reads (for float16, the
  /// output of a `DEQUANTIZE`).
  private mutating func constantWeights(
    _ name: String, shape: [Int], values: [Float], channelDimension: Int
  ) -> Int {
    switch variant {
    case .float32, .int8:
      return model.addConstant(name: name, shape: shape, floats: values)
    case .float16:
      return float16Constant(name, shape: shape, values: values)
    case .dynamic:
      let quantized = SymmetricQuantization(
        values: values, shape: shape, channelDimension: channelDimension)
      return model.addConstant(
        name: name, shape: shape, type: .int8,
        data: quantized.levels.map { UInt8(bitPattern: $0) },
        quantization: .perChannel(scales: quantized.scales, dimension: channelDimension))
    }
  }

  /// A layer's bias (zeros when it has none): float16 for the float16
  /// variant, float32 otherwise.
  private mutating func constantBias(_ node: Node, count: Int) -> Int {
    let values = parameters["\(node.name).bias"]?.storage ?? [Float](repeating: 0, count: count)
    if variant == .float16 {
      return float16Constant(node.name + ".bias", shape: [count], values: values)
    }
    return model.addConstant(name: node.name + ".bias", shape: [count], floats: values)
  }

  private mutating func float16Constant(_ name: String, shape: [Int], values: [Float]) -> Int {
    let half = model.addConstant(
      name: name + ".fp16", shape: shape, type: .float16,
      data: TFLiteModelBuilder.bytes(values.map { Float16($0).bitPattern }))
    let expanded = model.addTensor(name: name, shape: shape, type: .float32)
    model.addOperator(.dequantize, inputs: [half], outputs: [expanded])
    return expanded
  }

  private func parameter(_ node: Node, _ role: String) throws -> Tensor {
    guard let tensor = parameters["\(node.name).\(role)"] else {
      throw TriscaleError.invalidModel(
        problem: "node '\(node.name)' has no parameter '\(node.name).\(role)'",
        fix: "The weights do not match the graph; re-export the model")
    }
    return tensor
  }

  // MARK: Fusion

  /// Which relu/relu6 nodes fold into their producer's fused activation.
  private func fusedActivations(consumers: [Int]) -> (
    activation: [Int: TFLiteSchema.Activation], absorbedBy: [Int: Int]
  ) {
    var activation: [Int: TFLiteSchema.Activation] = [:]
    var absorbedBy: [Int: Int] = [:]
    for (index, node) in graph.nodes.enumerated() {
      let kind: TFLiteSchema.Activation
      switch node.operation {
      case .relu: kind = .relu
      case .relu6: kind = .relu6
      default: continue
      }
      let producer = node.inputs[0]
      guard consumers[producer] == 1, activation[producer] == nil else { continue }
      switch graph.nodes[producer].operation {
      case .conv2d, .dense, .add:
        activation[producer] = kind
        absorbedBy[index] = producer
      default:
        continue
      }
    }
    return (activation, absorbedBy)
  }

  static func padding(_ padding: Padding) -> TFLiteSchema.Padding {
    padding == .same ? .same : .valid
  }

  private func unsupported(_ node: Node, _ what: String, fix: String) -> TriscaleError {
    TriscaleError.invalidModel(
      problem:
        "node '\(node.name)' (\(node.operation.kindName)): the TFLite exporter does not support \(what)",
      fix: fix)
  }
}
