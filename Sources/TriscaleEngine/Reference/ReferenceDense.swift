import TriscaleCore

/// Plain-loop fully connected layer over [N, F] batches with an [F, units]
/// kernel, for tests and validation only. Sums are accumulated in `Double`.
public enum ReferenceDense {
  /// The gradients of a dense layer's input and parameters.
  public struct Gradients: Sendable {
    /// dLoss/dInput, [N, F].
    public var input: Tensor
    /// dLoss/dKernel, [F, units].
    public var kernel: Tensor
    /// dLoss/dBias, [units] (computed whether or not the layer uses a bias).
    public var bias: Tensor
  }

  /// `input` [N, F] times `kernel` [F, units], plus `bias` [units] when given.
  public static func forward(input: Tensor, kernel: Tensor, bias: Tensor?) throws -> Tensor {
    let (batch, features, units) = try dimensions(input: input, kernel: kernel)
    if let bias { try ReferenceShapeCheck.require(bias, shape: [units], "bias", op: "dense") }
    var output = Tensor(shape: [batch, units])
    for image in 0..<batch {
      for unit in 0..<units {
        var sum = Double(bias?.storage[unit] ?? 0)
        for feature in 0..<features {
          sum +=
            Double(input.storage[image * features + feature])
            * Double(kernel.storage[feature * units + unit])
        }
        output.storage[image * units + unit] = Float(sum)
      }
    }
    return output
  }

  /// The gradients of input, kernel and bias given `outputGradient` [N, units].
  public static func backward(input: Tensor, kernel: Tensor, outputGradient: Tensor) throws
    -> Gradients
  {
    let (batch, features, units) = try dimensions(input: input, kernel: kernel)
    try ReferenceShapeCheck.require(
      outputGradient, shape: [batch, units], "output gradient", op: "dense")
    var gradients = Gradients(
      input: Tensor(shape: input.shape), kernel: Tensor(shape: kernel.shape),
      bias: Tensor(shape: [units]))
    func upstream(_ image: Int, _ unit: Int) -> Double {
      Double(outputGradient.storage[image * units + unit])
    }
    for image in 0..<batch {
      for feature in 0..<features {
        var sum = 0.0
        for unit in 0..<units {
          sum += upstream(image, unit) * Double(kernel.storage[feature * units + unit])
        }
        gradients.input.storage[image * features + feature] = Float(sum)
      }
    }
    for unit in 0..<units {
      for feature in 0..<features {
        var sum = 0.0
        for image in 0..<batch {
          sum += upstream(image, unit) * Double(input.storage[image * features + feature])
        }
        gradients.kernel.storage[feature * units + unit] = Float(sum)
      }
      gradients.bias.storage[unit] = Float((0..<batch).reduce(0.0) { $0 + upstream($1, unit) })
    }
    return gradients
  }

  private static func dimensions(input: Tensor, kernel: Tensor) throws -> (
    batch: Int, features: Int, units: Int
  ) {
    try ReferenceShapeCheck.require(input, rank: 2, "input", op: "dense")
    try ReferenceShapeCheck.require(kernel, rank: 2, "kernel", op: "dense")
    try ReferenceShapeCheck.require(
      kernel, shape: [input.shape[1], kernel.shape[1]], "kernel", op: "dense")
    return (input.shape[0], input.shape[1], kernel.shape[1])
  }
}
