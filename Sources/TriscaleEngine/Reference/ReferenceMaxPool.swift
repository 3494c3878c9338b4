import TriscaleCore
import TriscaleGraph

/// Plain-loop max pooling over NHWC batches, for tests and validation only.
///
/// Padding never wins the maximum; on ties the first maximum in row-major
/// window order receives the gradient.
public enum ReferenceMaxPool {
  /// The pooled `input` [N, H, W, C].
  public static func forward(input: Tensor, attributes: PoolAttributes) throws -> Tensor {
    let (shape, winners) = try maxima(input: input, attributes: attributes)
    return Tensor(shape: shape, storage: winners.map { input.storage[$0] })
  }

  /// dLoss/dInput given `outputGradient`: each output's gradient goes to its maximum.
  public static func backward(input: Tensor, outputGradient: Tensor, attributes: PoolAttributes)
    throws -> Tensor
  {
    let (shape, winners) = try maxima(input: input, attributes: attributes)
    try ReferenceShapeCheck.require(outputGradient, shape: shape, "output gradient", op: "max_pool")
    var gradient = Tensor(shape: input.shape)
    for (output, winner) in winners.enumerated() {
      gradient.storage[winner] += outputGradient.storage[output]
    }
    return gradient
  }

  /// The output shape and, for every output element, the input index of its maximum.
  private static func maxima(input: Tensor, attributes: PoolAttributes) throws -> (
    shape: [Int], winners: [Int]
  ) {
    let shape = try ReferenceSpatialShape.output(of: .maxPool(attributes), input: input)
    let channels = input.shape[3]
    let window = ReferenceWindow(
      input: input.shape, window: attributes.size, stride: attributes.stride,
      padding: attributes.padding)
    var best = [Float](repeating: -.infinity, count: window.outputPixelCount * channels)
    var winners = [Int](repeating: -1, count: best.count)
    window.forEachTap { outputPixel, inputPixel, _ in
      for channel in 0..<channels {
        let output = outputPixel * channels + channel
        let candidate = inputPixel * channels + channel
        if winners[output] < 0 || input.storage[candidate] > best[output] {
          best[output] = input.storage[candidate]
          winners[output] = candidate
        }
      }
    }
    return (shape, winners)
  }
}
