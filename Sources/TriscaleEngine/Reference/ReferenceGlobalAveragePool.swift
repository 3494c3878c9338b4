import TriscaleCore

/// Plain-loop global average pooling, [N, H, W, C] → [N, C], for tests and validation only.
public enum ReferenceGlobalAveragePool {
  /// The mean of every channel over all spatial positions of each image.
  public static func forward(input: Tensor) throws -> Tensor {
    let (batch, positions, channels) = try dimensions(input)
    var sums = [Double](repeating: 0, count: batch * channels)
    for (index, value) in input.storage.enumerated() {
      sums[(index / (positions * channels)) * channels + index % channels] += Double(value)
    }
    return Tensor(shape: [batch, channels], storage: sums.map { Float($0 / Double(positions)) })
  }

  /// dLoss/dInput given `outputGradient` [N, C]: each position receives 1/(H·W) of its channel's gradient.
  public static func backward(input: Tensor, outputGradient: Tensor) throws -> Tensor {
    let (batch, positions, channels) = try dimensions(input)
    try ReferenceShapeCheck.require(
      outputGradient, shape: [batch, channels], "output gradient", op: "global_avg_pool")
    var gradient = Tensor(shape: input.shape)
    for index in gradient.storage.indices {
      let upstream = outputGradient.storage[
        (index / (positions * channels)) * channels + index % channels]
      gradient.storage[index] = Float(Double(upstream) / Double(positions))
    }
    return gradient
  }

  private static func dimensions(_ input: Tensor) throws -> (
    batch: Int, positions: Int, channels: Int
  ) {
    try ReferenceShapeCheck.require(input, rank: 4, "input", op: "global_avg_pool")
    try ReferenceShapeCheck.requireBatched(input, "input", op: "global_avg_pool")
    return (input.shape[0], input.shape[1] * input.shape[2], input.shape[3])
  }
}
