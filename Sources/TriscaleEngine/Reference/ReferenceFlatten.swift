import TriscaleCore

/// [N, H, W, C] → [N, H·W·C] in NHWC order (a reshape), for tests and validation only.
public enum ReferenceFlatten {
  /// The batch with every image flattened.
  public static func forward(input: Tensor) throws -> Tensor {
    try ReferenceShapeCheck.requireBatched(input, "input", op: "flatten")
    return Tensor(shape: [input.shape[0], input.count / input.shape[0]], storage: input.storage)
  }

  /// dLoss/dInput: `outputGradient` reshaped to `inputShape`.
  public static func backward(outputGradient: Tensor, inputShape: [Int]) throws -> Tensor {
    guard inputShape.reduce(1, *) == outputGradient.count else {
      throw TriscaleError.invalidArgument(
        name: "flatten output gradient",
        problem: "\(outputGradient.count) values for input shape \(inputShape)",
        fix: "Pass the gradient of this flatten's output")
    }
    return Tensor(shape: inputShape, storage: outputGradient.storage)
  }
}
