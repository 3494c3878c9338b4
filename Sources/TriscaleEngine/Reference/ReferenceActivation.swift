import TriscaleCore

/// Plain-loop ReLU, `max(x, 0)`, and ReLU6, `min(max(x, 0), 6)`, for tests
/// and validation only.
///
/// The gradient passes where `0 < x ≤ upperBound` (oneDNN's convention at the kinks).
public enum ReferenceActivation {
  /// The activation of `input`; `upperBound` nil is ReLU, 6 is ReLU6.
  public static func forward(input: Tensor, upperBound: Float?) -> Tensor {
    Tensor(
      shape: input.shape, storage: input.storage.map { min(max($0, 0), upperBound ?? .infinity) })
  }

  /// dLoss/dInput given `outputGradient` (same shape as `input`).
  public static func backward(input: Tensor, outputGradient: Tensor, upperBound: Float?) throws
    -> Tensor
  {
    try ReferenceShapeCheck.require(
      outputGradient, shape: input.shape, "output gradient", op: "activation")
    let bound = upperBound ?? .infinity
    return Tensor(
      shape: input.shape,
      storage: zip(input.storage, outputGradient.storage).map { value, upstream in
        value > 0 && value <= bound ? upstream : 0
      })
  }
}
