import TriscaleCore

/// Plain element-wise sum of two same-shaped batches (residual connections),
/// for tests and validation only.
public enum ReferenceAdd {
  /// `left + right`, element by element.
  public static func forward(left: Tensor, right: Tensor) throws -> Tensor {
    try ReferenceShapeCheck.require(right, shape: left.shape, "right input", op: "add")
    return Tensor(shape: left.shape, storage: zip(left.storage, right.storage).map { $0 + $1 })
  }

  /// dLoss/dLeft and dLoss/dRight given `outputGradient`: both are the output gradient itself.
  public static func backward(outputGradient: Tensor) -> (left: Tensor, right: Tensor) {
    (outputGradient, outputGradient)
  }
}
