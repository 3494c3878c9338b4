import CTriscaleKernels
import TriscaleCore
import TriscaleGraph

extension Int8PreparedOperation {
  /// Prepares `operation` of `model`: derives every parameter TensorFlow
  /// Lite derives (requantization multipliers and shifts from the scales,
  /// padding, clamps) and lays the constants out for the reference kernel.
  /// Throws for what the kernels do not support (grouped convolutions,
  /// depth multipliers other than 1).
  public init(preparing operation: Int8Operation, in model: Int8Model) throws {
    let tensors = model.tensors
    switch operation {
    case .convolution(let convolution):
      self = try Self.convolution(
        convolution, input: tensors[convolution.input], output: tensors[convolution.output])
    case .fullyConnected(let layer):
      self = Self.fullyConnected(layer, input: tensors[layer.input], output: tensors[layer.output])
    case .add(let left, let right, let output, let activation):
      var params = ts_add_params()
      let (l, r, o) = (tensors[left], tensors[right], tensors[output])
      ts_add_prepare(l.quantization.scale, r.quantization.scale, o.quantization.scale, &params)
      params.left_offset = -l.quantization.zeroPoint
      params.right_offset = -r.quantization.zeroPoint
      params.output_offset = o.quantization.zeroPoint
      (params.activation_min, params.activation_max) = activation.bounds(for: o.quantization)
      self.init(
        kernel: .add(params, count: Int32(o.elementCount)), inputs: [left, right], output: output)
    case .maxPool(let input, let output, let attributes):
      let params = Self.poolParameters(attributes, input: tensors[input], output: tensors[output])
      self.init(kernel: .maxPool(params), inputs: [input], output: output)
    case .averagePool(let input, let output, let attributes):
      let params = Self.poolParameters(attributes, input: tensors[input], output: tensors[output])
      self.init(kernel: .averagePool(params), inputs: [input], output: output)
    case .reshape(let input, let output):
      self.init(
        kernel: .copy(count: Int32(tensors[output].elementCount)), inputs: [input], output: output)
    }
  }

  private static func convolution(
    _ convolution: Int8Convolution, input: Int8Model.TensorInfo, output: Int8Model.TensorInfo
  ) throws -> Self {
    var params = convolutionParameters(convolution, input: input, output: output)
    var multipliers = [Int32](repeating: 0, count: convolution.outputChannels)
    var shifts = [Int32](repeating: 0, count: convolution.outputChannels)
    for channel in 0..<convolution.outputChannels {
      let real =
        Double(input.quantization.scale) * Double(convolution.weightScales[channel])
        / Double(output.quantization.scale)
      ts_quantize_multiplier(real, &multipliers[channel], &shifts[channel])
    }
    if convolution.isDepthwise {
      guard input.shape[2] == convolution.outputChannels else {
        throw TriscaleError.invalidModel(
          problem: "depthwise convolution '\(output.name)' changes the channel count",
          fix: "Only depth multiplier 1 is supported")
      }
      // [C][K][K] → [K][K][C], TFLite's depthwise order: channels contiguous.
      let taps = convolution.kernel * convolution.kernel
      let channels = convolution.outputChannels
      var tapMajor = [Int8](repeating: 0, count: convolution.weights.count)
      for channel in 0..<channels {
        for tap in 0..<taps {
          tapMajor[tap * channels + channel] = convolution.weights[channel * taps + tap]
        }
      }
      return Self(
        kernel: .depthwiseConvolution(params), inputs: [convolution.input],
        output: convolution.output, weights: tapMajor, bias: convolution.bias,
        multipliers: multipliers, shifts: shifts)
    }
    guard convolution.groups == 1 else {
      throw TriscaleError.invalidModel(
        problem: "convolution '\(output.name)' has \(convolution.groups) groups",
        fix: "The int8 runtime supports full and depthwise convolutions only")
    }
    return Self(
      kernel: .convolution(params), inputs: [convolution.input], output: convolution.output,
      weights: convolution.weights, bias: convolution.bias, multipliers: multipliers,
      shifts: shifts, scratchByteCount: ts_conv2d_scratch_bytes(&params))
  }

  private static func fullyConnected(
    _ layer: Int8FullyConnected, input: Int8Model.TensorInfo, output: Int8Model.TensorInfo
  ) -> Self {
    var multiplier: Int32 = 0
    var shift: Int32 = 0
    ts_quantize_multiplier(
      Double(input.quantization.scale) * Double(layer.weightScale)
        / Double(output.quantization.scale), &multiplier, &shift)
    let bounds = layer.activation.bounds(for: output.quantization)
    var params = ts_fully_connected_params(
      features: Int32(input.elementCount), units: Int32(layer.units),
      input_offset: -input.quantization.zeroPoint, output_offset: output.quantization.zeroPoint,
      multiplier: multiplier, shift: shift, activation_min: bounds.minimum,
      activation_max: bounds.maximum)
    return Self(
      kernel: .fullyConnected(params), inputs: [layer.input], output: layer.output,
      weights: layer.weights, bias: layer.bias,
      scratchByteCount: ts_fully_connected_scratch_bytes(&params))
  }

  /// The rows and columns padded before the input (TensorFlow's SAME splits
  /// the padding with the extra one after).
  private static func padding(
    _ padding: Padding, input: [Int], window: Int, stride: Int
  ) -> (top: Int32, left: Int32) {
    guard padding == .same else { return (0, 0) }
    let top = ShapeInference.samePadding(input: input[0], window: window, stride: stride).before
    let left = ShapeInference.samePadding(input: input[1], window: window, stride: stride).before
    return (Int32(top), Int32(left))
  }

  private static func convolutionParameters(
    _ convolution: Int8Convolution, input: Int8Model.TensorInfo, output: Int8Model.TensorInfo
  ) -> ts_conv_params {
    let bounds = convolution.activation.bounds(for: output.quantization)
    let pad = padding(
      convolution.padding, input: input.shape, window: convolution.kernel,
      stride: convolution.stride)
    return ts_conv_params(
      input_height: Int32(input.shape[0]), input_width: Int32(input.shape[1]),
      input_channels: Int32(input.shape[2]), output_height: Int32(output.shape[0]),
      output_width: Int32(output.shape[1]), output_channels: Int32(output.shape[2]),
      kernel: Int32(convolution.kernel), stride: Int32(convolution.stride), pad_top: pad.top,
      pad_left: pad.left, input_offset: -input.quantization.zeroPoint,
      output_offset: output.quantization.zeroPoint, activation_min: bounds.minimum,
      activation_max: bounds.maximum)
  }

  private static func poolParameters(
    _ attributes: PoolAttributes, input: Int8Model.TensorInfo, output: Int8Model.TensorInfo
  ) -> ts_pool_params {
    let pad = padding(
      attributes.padding, input: input.shape, window: attributes.size, stride: attributes.stride)
    return ts_pool_params(
      input_height: Int32(input.shape[0]), input_width: Int32(input.shape[1]),
      channels: Int32(input.shape[2]), output_height: Int32(output.shape[0]),
      output_width: Int32(output.shape[1]), size: Int32(attributes.size),
      stride: Int32(attributes.stride), pad_top: pad.top, pad_left: pad.left,
      activation_min: -128, activation_max: 127)
  }
}
