import TriscaleCore
import TriscaleGraph

/// Translates an ``Int8Model`` into a fully integer TensorFlow Lite model:
/// int8 input, output and activations with per-tensor parameters,
/// per-channel int8 convolution weights, per-tensor fully connected weights
/// and int32 biases (see `docs/tflite-export.md`).
struct TFLiteInt8Lowering {
  let source: Int8Model
  private var model = TFLiteModelBuilder()

  init(model: Int8Model) {
    self.source = model
  }

  /// The lowered model.
  mutating func lower() throws -> TFLiteModelBuilder {
    try source.validate()
    let tensors = source.tensors.map { info in
      model.addTensor(
        name: info.name, shape: [1] + info.shape, type: .int8,
        quantization: .perTensor(
          scale: info.quantization.scale, zeroPoint: info.quantization.zeroPoint))
    }
    model.inputs = [tensors[0]]
    model.outputs = [tensors[tensors.count - 1]]
    for operation in source.operations {
      switch operation {
      case .convolution(let convolution):
        try lowerConvolution(convolution, tensors: tensors)
      case .fullyConnected(let layer):
        let input = source.tensors[layer.input]
        let weights = model.addConstant(
          name: source.tensors[layer.output].name + ".kernel",
          shape: [layer.units, input.elementCount], type: .int8,
          data: layer.weights.map { UInt8(bitPattern: $0) },
          quantization: .perTensor(scale: layer.weightScale, zeroPoint: 0))
        let bias = model.addConstant(
          name: source.tensors[layer.output].name + ".bias", shape: [layer.units],
          int32s: layer.bias,
          quantization: .perChannel(
            scales: [Self.biasScale(input.quantization.scale, layer.weightScale)], dimension: 0))
        model.addOperator(
          .fullyConnected, inputs: [tensors[layer.input], weights, bias],
          outputs: [tensors[layer.output]],
          options: .fullyConnected(activation: Self.activation(layer.activation)))
      case .add(let left, let right, let output, let activation):
        model.addOperator(
          .add, inputs: [tensors[left], tensors[right]], outputs: [tensors[output]],
          options: .add(activation: Self.activation(activation)))
      case .maxPool(let input, let output, let attributes),
        .averagePool(let input, let output, let attributes):
        let code: TFLiteSchema.BuiltinOperator =
          if case .maxPool = operation { .maxPool2D } else { .averagePool2D }
        model.addOperator(
          code, inputs: [tensors[input]], outputs: [tensors[output]],
          options: .pool2D(
            padding: TFLiteFloatLowering.padding(attributes.padding), stride: attributes.stride,
            filter: attributes.size, activation: .none))
      case .reshape(let input, let output):
        let shape = [1] + source.tensors[output].shape
        let shapeTensor = model.addConstant(
          name: source.tensors[output].name + ".shape", shape: [shape.count],
          int32s: shape.map { Int32($0) })
        model.addOperator(
          .reshape, inputs: [tensors[input], shapeTensor], outputs: [tensors[output]],
          options: .reshape(newShape: shape))
      }
    }
    return model
  }

  private mutating func lowerConvolution(_ convolution: Int8Convolution, tensors: [Int]) throws {
    let input = source.tensors[convolution.input]
    let name = source.tensors[convolution.output].name
    let inputChannels = input.shape[2]
    let outputChannels = convolution.outputChannels
    let size = convolution.kernel
    let bias = model.addConstant(
      name: name + ".bias", shape: [outputChannels], int32s: convolution.bias,
      quantization: .perChannel(
        scales: convolution.weightScales.map { Self.biasScale(input.quantization.scale, $0) },
        dimension: 0))
    let inputs: (Int) -> [Int] = { weights in [tensors[convolution.input], weights, bias] }
    let padding = TFLiteFloatLowering.padding(convolution.padding)
    let activation = Self.activation(convolution.activation)
    if convolution.groups == 1 {
      let weights = model.addConstant(
        name: name + ".kernel", shape: [outputChannels, size, size, inputChannels], type: .int8,
        data: convolution.weights.map { UInt8(bitPattern: $0) },
        quantization: .perChannel(scales: convolution.weightScales, dimension: 0))
      model.addOperator(
        .conv2D, inputs: inputs(weights), outputs: [tensors[convolution.output]],
        options: .conv2D(padding: padding, stride: convolution.stride, activation: activation))
    } else if convolution.groups == inputChannels {
      // OHWI [Cout, K, K, 1] → TFLite's depthwise [1, K, K, Cout].
      var levels = [UInt8](repeating: 0, count: convolution.weights.count)
      for channel in 0..<outputChannels {
        for position in 0..<(size * size) {
          levels[position * outputChannels + channel] = UInt8(
            bitPattern: convolution.weights[channel * size * size + position])
        }
      }
      let weights = model.addConstant(
        name: name + ".kernel", shape: [1, size, size, outputChannels], type: .int8, data: levels,
        quantization: .perChannel(scales: convolution.weightScales, dimension: 3))
      model.addOperator(
        .depthwiseConv2D, inputs: inputs(weights), outputs: [tensors[convolution.output]],
        options: .depthwiseConv2D(
          padding: padding, stride: convolution.stride,
          multiplier: outputChannels / inputChannels, activation: activation))
    } else {
      throw TriscaleError.invalidModel(
        problem:
          "tensor '\(name)' (convolution): the TFLite exporter does not support a grouped convolution with \(convolution.groups) groups (only 1 or depthwise)",
        fix: "Use groups 1 or groups equal to the input channels")
    }
  }

  /// The scale of an int32 bias: input scale · weight scale, computed in
  /// double as TensorFlow Lite checks it.
  static func biasScale(_ inputScale: Float, _ weightScale: Float) -> Float {
    Float(Double(inputScale) * Double(weightScale))
  }

  static func activation(_ activation: FusedActivation) -> TFLiteSchema.Activation {
    switch activation {
    case .none: .none
    case .relu: .relu
    case .relu6: .relu6
    }
  }
}
