import CTriscaleKernels
import TriscaleCore
import TriscaleGraph

/// One ``Int8Operation`` prepared for the C kernels: parameters derived once
/// (TensorFlow Lite's way) and pointers into an ``Int8PreparedStorage``.
struct Int8Step {
  private enum Kernel {
    case convolution(
      ts_conv_params, packed: ts_packed_weights, weights: UnsafeMutablePointer<Int8>,
      requantization: Requantization, reference: Bool)
    case depthwise(
      ts_conv_params, weights: UnsafeMutablePointer<Int8>, requantization: Requantization,
      path: ts_kernel_path)
    case fullyConnected(
      ts_fully_connected_params, packed: ts_packed_weights, weights: UnsafeMutablePointer<Int8>,
      bias: UnsafeMutablePointer<Int32>, reference: Bool)
    case add(ts_add_params, count: Int32)
    case maxPool(ts_pool_params)
    case averagePool(ts_pool_params)
    case copy(count: Int)
  }

  /// Per-channel bias, multipliers and shifts.
  private struct Requantization {
    var bias: UnsafeMutablePointer<Int32>
    var multipliers: UnsafeMutablePointer<Int32>
    var shifts: UnsafeMutablePointer<Int32>
  }

  private let kernel: Kernel
  private let inputs: [Int]
  private let output: Int
  /// Scratch bytes this step needs.
  let scratchByteCount: Int

  init(
    operation: Int8Operation, model: Int8Model, kernels: Int8KernelChoice,
    storage: Int8PreparedStorage
  ) throws {
    inputs = operation.inputs
    output = operation.output
    let tensors = model.tensors
    switch operation {
    case .convolution(let convolution):
      let input = tensors[convolution.input]
      let result = tensors[convolution.output]
      let params = Self.convolutionParameters(convolution, input: input, output: result)
      let requantization = Requantization(
        bias: storage.copy(convolution.bias),
        multipliers: storage.allocate(convolution.outputChannels, of: Int32.self),
        shifts: storage.allocate(convolution.outputChannels, of: Int32.self))
      for channel in 0..<convolution.outputChannels {
        let real =
          Double(input.quantization.scale) * Double(convolution.weightScales[channel])
          / Double(result.quantization.scale)
        ts_quantize_multiplier(
          real, requantization.multipliers + channel, requantization.shifts + channel)
      }
      if convolution.isDepthwise {
        guard input.shape[2] == convolution.outputChannels else {
          throw TriscaleError.invalidModel(
            problem: "depthwise convolution '\(result.name)' changes the channel count",
            fix: "Only depth multiplier 1 is supported")
        }
        // [C][K][K] → [K][K][C]: the channel loop becomes contiguous.
        let taps = convolution.kernel * convolution.kernel
        let channels = convolution.outputChannels
        var tapMajor = [Int8](repeating: 0, count: convolution.weights.count)
        for channel in 0..<channels {
          for tap in 0..<taps {
            tapMajor[tap * channels + channel] = convolution.weights[channel * taps + tap]
          }
        }
        kernel = .depthwise(
          params, weights: storage.copy(tapMajor), requantization: requantization,
          path: kernels.elementwisePath)
        scratchByteCount = 0
      } else if convolution.groups == 1 {
        let weights = storage.copy(convolution.weights)
        var prepared = params
        let packed = Self.pack(
          weights, rows: convolution.outputChannels,
          depth: convolution.kernel * convolution.kernel * input.shape[2],
          path: kernels.convolutionPath, storage: storage)
        kernel = .convolution(
          params, packed: packed, weights: weights, requantization: requantization,
          reference: kernels == .reference)
        scratchByteCount = ts_conv2d_scratch_bytes(&prepared)
      } else {
        throw TriscaleError.invalidModel(
          problem: "convolution '\(result.name)' has \(convolution.groups) groups",
          fix: "The int8 runtime supports full and depthwise convolutions only")
      }
    case .fullyConnected(let layer):
      let input = tensors[layer.input]
      let result = tensors[layer.output]
      var multiplier: Int32 = 0
      var shift: Int32 = 0
      ts_quantize_multiplier(
        Double(input.quantization.scale) * Double(layer.weightScale)
          / Double(result.quantization.scale), &multiplier, &shift)
      let bounds = layer.activation.bounds(for: result.quantization)
      var params = ts_fully_connected_params(
        features: Int32(input.elementCount), units: Int32(layer.units),
        input_offset: -input.quantization.zeroPoint, output_offset: result.quantization.zeroPoint,
        multiplier: multiplier, shift: shift, activation_min: bounds.minimum,
        activation_max: bounds.maximum)
      let weights = storage.copy(layer.weights)
      let packed = Self.pack(
        weights, rows: layer.units, depth: input.elementCount, path: kernels.elementwisePath,
        storage: storage)
      kernel = .fullyConnected(
        params, packed: packed, weights: weights, bias: storage.copy(layer.bias),
        reference: kernels == .reference)
      scratchByteCount = ts_fully_connected_scratch_bytes(&params)
    case .add(let left, let right, let result, let activation):
      var params = ts_add_params()
      let (l, r, o) = (tensors[left], tensors[right], tensors[result])
      ts_add_prepare(l.quantization.scale, r.quantization.scale, o.quantization.scale, &params)
      params.left_offset = -l.quantization.zeroPoint
      params.right_offset = -r.quantization.zeroPoint
      params.output_offset = o.quantization.zeroPoint
      let bounds = activation.bounds(for: o.quantization)
      params.activation_min = bounds.minimum
      params.activation_max = bounds.maximum
      params.path = kernels.elementwisePath
      kernel = .add(params, count: Int32(o.elementCount))
      scratchByteCount = 0
    case .maxPool(let input, let result, let attributes):
      kernel = .maxPool(
        Self.poolParameters(attributes, input: tensors[input], output: tensors[result]))
      scratchByteCount = 0
    case .averagePool(let input, let result, let attributes):
      kernel = .averagePool(
        Self.poolParameters(attributes, input: tensors[input], output: tensors[result]))
      scratchByteCount = 0
    case .reshape(_, let result):
      kernel = .copy(count: tensors[result].elementCount)
      scratchByteCount = 0
    }
  }

  /// Runs the step on the arena's tensors.
  func run(arena: UnsafeMutableRawPointer, offsets: [Int], scratch: UnsafeMutableRawPointer) {
    func tensor(_ index: Int) -> UnsafeMutablePointer<Int8> {
      (arena + offsets[index]).assumingMemoryBound(to: Int8.self)
    }
    let source = tensor(inputs[0])
    let destination = tensor(output)
    switch kernel {
    case .convolution(var params, var packed, let weights, let requantization, let reference):
      if reference {
        ts_conv2d_s8_reference(
          &params, source, weights, requantization.bias, requantization.multipliers,
          requantization.shifts, destination)
      } else {
        ts_conv2d_s8(
          &params, source, &packed, requantization.bias, requantization.multipliers,
          requantization.shifts, scratch, destination)
      }
    case .depthwise(var params, let weights, let requantization, let path):
      ts_depthwise_conv2d_s8(
        path, &params, source, weights, requantization.bias, requantization.multipliers,
        requantization.shifts, destination)
    case .fullyConnected(var params, var packed, let weights, let bias, let reference):
      if reference {
        ts_fully_connected_s8_reference(&params, source, weights, bias, destination)
      } else {
        ts_fully_connected_s8(&params, source, &packed, bias, scratch, destination)
      }
    case .add(var params, let count):
      ts_add_s8(&params, count, source, tensor(inputs[1]), destination)
    case .maxPool(var params):
      ts_max_pool_s8(&params, source, destination)
    case .averagePool(var params):
      ts_average_pool_s8(&params, source, destination)
    case .copy(let count):
      destination.update(from: source, count: count)
    }
  }

  private static func pack(
    _ weights: UnsafeMutablePointer<Int8>, rows: Int, depth: Int, path: ts_kernel_path,
    storage: Int8PreparedStorage
  ) -> ts_packed_weights {
    let bytes = ts_packed_weights_bytes(Int32(rows), Int32(depth), path)
    let memory = storage.allocate(bytes, of: UInt8.self)
    var packed = ts_packed_weights()
    ts_pack_weights(weights, Int32(rows), Int32(depth), path, memory, &packed)
    return packed
  }

  private static func padding(
    _ padding: Padding, input: Int, window: Int, stride: Int
  ) -> Int32 {
    padding == .same
      ? Int32(ShapeInference.samePadding(input: input, window: window, stride: stride).before) : 0
  }

  private static func convolutionParameters(
    _ convolution: Int8Convolution, input: Int8Model.TensorInfo, output: Int8Model.TensorInfo
  ) -> ts_conv_params {
    let bounds = convolution.activation.bounds(for: output.quantization)
    return ts_conv_params(
      input_height: Int32(input.shape[0]), input_width: Int32(input.shape[1]),
      input_channels: Int32(input.shape[2]), output_height: Int32(output.shape[0]),
      output_width: Int32(output.shape[1]), output_channels: Int32(output.shape[2]),
      kernel: Int32(convolution.kernel), stride: Int32(convolution.stride),
      pad_top: padding(
        convolution.padding, input: input.shape[0], window: convolution.kernel,
        stride: convolution.stride),
      pad_left: padding(
        convolution.padding, input: input.shape[1], window: convolution.kernel,
        stride: convolution.stride),
      input_offset: -input.quantization.zeroPoint, output_offset: output.quantization.zeroPoint,
      activation_min: bounds.minimum, activation_max: bounds.maximum)
  }

  private static func poolParameters(
    _ attributes: PoolAttributes, input: Int8Model.TensorInfo, output: Int8Model.TensorInfo
  ) -> ts_pool_params {
    ts_pool_params(
      input_height: Int32(input.shape[0]), input_width: Int32(input.shape[1]),
      channels: Int32(input.shape[2]), output_height: Int32(output.shape[0]),
      output_width: Int32(output.shape[1]), size: Int32(attributes.size),
      stride: Int32(attributes.stride),
      pad_top: padding(
        attributes.padding, input: input.shape[0], window: attributes.size,
        stride: attributes.stride),
      pad_left: padding(
        attributes.padding, input: input.shape[1], window: attributes.size,
        stride: attributes.stride),
      activation_min: -128, activation_max: 127)
  }
}
