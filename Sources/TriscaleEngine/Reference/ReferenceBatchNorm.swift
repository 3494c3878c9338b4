import TriscaleCore

/// Plain-loop batch normalization over the last (channel) dimension of an
/// [N, ..., C] batch, for tests and validation only. Statistics are computed
/// in `Double`.
///
/// Training normalizes with the batch mean and biased variance; inference
/// with the moving averages. The moving averages are updated as
/// `momentum · old + (1 − momentum) · batch`, with the unbiased variance
/// (the biased one times n/(n−1), n = values per channel).
public enum ReferenceBatchNorm {
  /// Per-channel statistics of one training batch.
  public struct Statistics: Sendable {
    /// The mean of every channel.
    public var mean: [Double]
    /// The biased (divide by n) variance of every channel.
    public var variance: [Double]
    /// Values per channel, n = batch · spatial positions.
    public var sampleCount: Int
  }

  /// The gradients of a batch normalization's input and parameters.
  public struct Gradients: Sendable {
    /// dLoss/dInput, the input's shape.
    public var input: Tensor
    /// dLoss/dGamma, [C].
    public var gamma: Tensor
    /// dLoss/dBeta, [C].
    public var beta: Tensor
  }

  /// The batch statistics of `input`.
  public static func statistics(of input: Tensor) throws -> Statistics {
    let channels = try channelCount(input)
    let samples = input.count / channels
    var mean = [Double](repeating: 0, count: channels)
    for (index, value) in input.storage.enumerated() { mean[index % channels] += Double(value) }
    mean = mean.map { $0 / Double(samples) }
    var variance = [Double](repeating: 0, count: channels)
    for (index, value) in input.storage.enumerated() {
      let deviation = Double(value) - mean[index % channels]
      variance[index % channels] += deviation * deviation
    }
    return Statistics(
      mean: mean, variance: variance.map { $0 / Double(samples) }, sampleCount: samples)
  }

  /// Training mode: normalizes with the batch statistics, which it also returns.
  public static func forwardTraining(input: Tensor, gamma: Tensor, beta: Tensor, epsilon: Float)
    throws
    -> (output: Tensor, statistics: Statistics)
  {
    let statistics = try statistics(of: input)
    let output = try normalize(
      input, mean: statistics.mean, variance: statistics.variance, gamma: gamma, beta: beta,
      epsilon: epsilon)
    return (output, statistics)
  }

  /// Inference mode: normalizes with the moving averages.
  public static func forwardInference(
    input: Tensor, gamma: Tensor, beta: Tensor, movingMean: Tensor, movingVariance: Tensor,
    epsilon: Float
  ) throws -> Tensor {
    let channels = try channelCount(input)
    try ReferenceShapeCheck.require(movingMean, shape: [channels], "moving mean", op: "batch_norm")
    try ReferenceShapeCheck.require(
      movingVariance, shape: [channels], "moving variance", op: "batch_norm")
    return try normalize(
      input, mean: movingMean.storage.map(Double.init),
      variance: movingVariance.storage.map(Double.init),
      gamma: gamma, beta: beta, epsilon: epsilon)
  }

  /// Training-mode gradients (the batch statistics depend on the input) given `outputGradient`.
  public static func backward(
    input: Tensor, gamma: Tensor, statistics: Statistics, epsilon: Float, outputGradient: Tensor
  ) throws -> Gradients {
    let channels = try channelCount(input)
    try ReferenceShapeCheck.require(gamma, shape: [channels], "gamma", op: "batch_norm")
    try ReferenceShapeCheck.require(
      outputGradient, shape: input.shape, "output gradient", op: "batch_norm")
    let inverseDeviation = statistics.variance.map { 1 / ($0 + Double(epsilon)).squareRoot() }
    func normalized(_ index: Int) -> Double {
      (Double(input.storage[index]) - statistics.mean[index % channels])
        * inverseDeviation[index % channels]
    }
    var betaGradient = [Double](repeating: 0, count: channels)
    var gammaGradient = [Double](repeating: 0, count: channels)
    for (index, upstream) in outputGradient.storage.enumerated() {
      betaGradient[index % channels] += Double(upstream)
      gammaGradient[index % channels] += Double(upstream) * normalized(index)
    }
    let samples = Double(statistics.sampleCount)
    var inputGradient = Tensor(shape: input.shape)
    for (index, upstream) in outputGradient.storage.enumerated() {
      let channel = index % channels
      let centered =
        Double(upstream) - betaGradient[channel] / samples - normalized(index)
        * gammaGradient[channel] / samples
      inputGradient.storage[index] = Float(
        Double(gamma.storage[channel]) * inverseDeviation[channel] * centered)
    }
    return Gradients(
      input: inputGradient,
      gamma: Tensor(shape: [channels], storage: gammaGradient.map { Float($0) }),
      beta: Tensor(shape: [channels], storage: betaGradient.map { Float($0) }))
  }

  /// The moving averages after folding in one training batch's `statistics`.
  public static func updatedMovingAverages(
    movingMean: Tensor, movingVariance: Tensor, statistics: Statistics, momentum: Float
  ) throws -> (mean: Tensor, variance: Tensor) {
    let channels = statistics.mean.count
    try ReferenceShapeCheck.require(movingMean, shape: [channels], "moving mean", op: "batch_norm")
    try ReferenceShapeCheck.require(
      movingVariance, shape: [channels], "moving variance", op: "batch_norm")
    let samples = Double(statistics.sampleCount)
    let unbias = samples > 1 ? samples / (samples - 1) : 1
    let keep = Double(momentum)
    var mean = movingMean
    var variance = movingVariance
    for channel in 0..<channels {
      mean.storage[channel] = Float(
        keep * Double(mean.storage[channel]) + (1 - keep) * statistics.mean[channel])
      variance.storage[channel] = Float(
        keep * Double(variance.storage[channel]) + (1 - keep) * statistics.variance[channel]
          * unbias)
    }
    return (mean, variance)
  }

  private static func normalize(
    _ input: Tensor, mean: [Double], variance: [Double], gamma: Tensor, beta: Tensor, epsilon: Float
  ) throws -> Tensor {
    let channels = mean.count
    try ReferenceShapeCheck.require(gamma, shape: [channels], "gamma", op: "batch_norm")
    try ReferenceShapeCheck.require(beta, shape: [channels], "beta", op: "batch_norm")
    var output = Tensor(shape: input.shape)
    for (index, value) in input.storage.enumerated() {
      let channel = index % channels
      let normalized =
        (Double(value) - mean[channel]) / (variance[channel] + Double(epsilon)).squareRoot()
      output.storage[index] = Float(
        Double(gamma.storage[channel]) * normalized + Double(beta.storage[channel]))
    }
    return output
  }

  private static func channelCount(_ input: Tensor) throws -> Int {
    try ReferenceShapeCheck.requireBatched(input, "input", op: "batch_norm")
    return input.shape[input.shape.count - 1]
  }
}
