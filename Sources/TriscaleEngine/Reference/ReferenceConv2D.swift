import TriscaleCore
import TriscaleGraph

/// Plain-loop 2-D convolution (grouped and depthwise included) over NHWC
/// batches with HWIO kernels [KH, KW, Cin/groups, Cout], for tests and
/// validation of the fast kernels only. Sums are accumulated in `Double`.
///
/// Output channel `o` belongs to group `o / (Cout/groups)` and reads the input
/// channels of that group; `same` padding follows TensorFlow (extra zeros at
/// the bottom and right).
public enum ReferenceConv2D {
  /// The gradients of a convolution's input and parameters.
  public struct Gradients: Sendable {
    /// dLoss/dInput, [N, H, W, Cin].
    public var input: Tensor
    /// dLoss/dKernel, [KH, KW, Cin/groups, Cout].
    public var kernel: Tensor
    /// dLoss/dBias, [Cout] (computed whether or not the layer uses a bias).
    public var bias: Tensor
  }

  /// The convolution of `input` [N, H, W, Cin] with `kernel`, plus `bias` [Cout] when given.
  public static func forward(
    input: Tensor, kernel: Tensor, bias: Tensor?, attributes: Conv2DAttributes
  ) throws -> Tensor {
    let geometry = try Geometry(input: input, kernel: kernel, attributes: attributes)
    if let bias {
      try ReferenceShapeCheck.require(bias, shape: [attributes.filters], "bias", op: "conv2d")
    }
    var sums = [Double](repeating: 0, count: geometry.outputCount)
    geometry.forEachMultiply { outputIndex, inputIndex, kernelIndex in
      sums[outputIndex] += Double(input.storage[inputIndex]) * Double(kernel.storage[kernelIndex])
    }
    if let bias {
      for index in sums.indices { sums[index] += Double(bias.storage[index % attributes.filters]) }
    }
    return Tensor(shape: geometry.outputShape, storage: sums.map { Float($0) })
  }

  /// The gradients of input, kernel and bias given `outputGradient` (dLoss/dOutput).
  public static func backward(
    input: Tensor, kernel: Tensor, outputGradient: Tensor, attributes: Conv2DAttributes
  ) throws -> Gradients {
    let geometry = try Geometry(input: input, kernel: kernel, attributes: attributes)
    try ReferenceShapeCheck.require(
      outputGradient, shape: geometry.outputShape, "output gradient", op: "conv2d")
    var inputGradient = [Double](repeating: 0, count: input.count)
    var kernelGradient = [Double](repeating: 0, count: kernel.count)
    geometry.forEachMultiply { outputIndex, inputIndex, kernelIndex in
      let upstream = Double(outputGradient.storage[outputIndex])
      inputGradient[inputIndex] += upstream * Double(kernel.storage[kernelIndex])
      kernelGradient[kernelIndex] += upstream * Double(input.storage[inputIndex])
    }
    var biasGradient = [Double](repeating: 0, count: attributes.filters)
    for (index, value) in outputGradient.storage.enumerated() {
      biasGradient[index % attributes.filters] += Double(value)
    }
    return Gradients(
      input: Tensor(shape: input.shape, storage: inputGradient.map { Float($0) }),
      kernel: Tensor(shape: kernel.shape, storage: kernelGradient.map { Float($0) }),
      bias: Tensor(shape: [attributes.filters], storage: biasGradient.map { Float($0) }))
  }

  /// The validated shapes of one convolution and the loop over its multiplies.
  private struct Geometry {
    let window: ReferenceWindow
    let outputShape: [Int]
    let inputChannels: Int
    let filters: Int
    let inputsPerGroup: Int
    let filtersPerGroup: Int

    init(input: Tensor, kernel: Tensor, attributes: Conv2DAttributes) throws {
      outputShape = try ReferenceSpatialShape.output(of: .conv2d(attributes), input: input)
      inputChannels = input.shape[3]
      filters = attributes.filters
      inputsPerGroup = inputChannels / attributes.groups
      filtersPerGroup = filters / attributes.groups
      try ReferenceShapeCheck.require(
        kernel, shape: [attributes.kernel, attributes.kernel, inputsPerGroup, filters], "kernel",
        op: "conv2d")
      window = ReferenceWindow(
        input: input.shape, window: attributes.kernel, stride: attributes.stride,
        padding: attributes.padding)
    }

    var outputCount: Int { outputShape.reduce(1, *) }

    /// Calls `body(outputIndex, inputIndex, kernelIndex)` for every multiply-accumulate of the convolution.
    func forEachMultiply(_ body: (Int, Int, Int) -> Void) {
      window.forEachTap { outputPixel, inputPixel, tap in
        for filter in 0..<filters {
          let firstInput = inputPixel * inputChannels + (filter / filtersPerGroup) * inputsPerGroup
          let firstWeight = tap * inputsPerGroup * filters + filter
          for channel in 0..<inputsPerGroup {
            body(
              outputPixel * filters + filter, firstInput + channel, firstWeight + channel * filters)
          }
        }
      }
    }
  }
}
