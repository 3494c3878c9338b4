import TriscaleCore
import TriscaleGraph

/// Plain-loop average pooling over NHWC batches, for tests and validation
/// only. Padding is excluded: each output averages only the input positions
/// its window covers.
public enum ReferenceAveragePool {
  /// The pooled `input` [N, H, W, C].
  public static func forward(input: Tensor, attributes: PoolAttributes) throws -> Tensor {
    let shape = try ReferenceSpatialShape.output(of: .avgPool(attributes), input: input)
    let channels = input.shape[3]
    let window = window(input: input, attributes: attributes)
    let counts = tapCounts(window)
    var sums = [Double](repeating: 0, count: shape.reduce(1, *))
    window.forEachTap { outputPixel, inputPixel, _ in
      for channel in 0..<channels {
        sums[outputPixel * channels + channel] += Double(
          input.storage[inputPixel * channels + channel])
      }
    }
    return Tensor(
      shape: shape, storage: sums.indices.map { Float(sums[$0] / Double(counts[$0 / channels])) })
  }

  /// dLoss/dInput given `outputGradient`: each output's gradient is shared equally by the positions it averaged.
  public static func backward(input: Tensor, outputGradient: Tensor, attributes: PoolAttributes)
    throws -> Tensor
  {
    let shape = try ReferenceSpatialShape.output(of: .avgPool(attributes), input: input)
    try ReferenceShapeCheck.require(outputGradient, shape: shape, "output gradient", op: "avg_pool")
    let channels = input.shape[3]
    let window = window(input: input, attributes: attributes)
    let counts = tapCounts(window)
    var gradient = [Double](repeating: 0, count: input.count)
    window.forEachTap { outputPixel, inputPixel, _ in
      for channel in 0..<channels {
        gradient[inputPixel * channels + channel] +=
          Double(outputGradient.storage[outputPixel * channels + channel])
          / Double(counts[outputPixel])
      }
    }
    return Tensor(shape: input.shape, storage: gradient.map { Float($0) })
  }

  private static func window(input: Tensor, attributes: PoolAttributes) -> ReferenceWindow {
    ReferenceWindow(
      input: input.shape, window: attributes.size, stride: attributes.stride,
      padding: attributes.padding)
  }

  /// How many input positions each output pixel averages.
  private static func tapCounts(_ window: ReferenceWindow) -> [Int] {
    var counts = [Int](repeating: 0, count: window.outputPixelCount)
    window.forEachTap { outputPixel, _, _ in counts[outputPixel] += 1 }
    return counts
  }
}
