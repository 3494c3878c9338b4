import TriscaleCore

/// Shape checks shared by the reference kernels, so that a mismatched tensor
/// is reported as a ``TriscaleError`` instead of an out-of-range crash.
enum ReferenceShapeCheck {
  /// Throws unless `tensor` has exactly `expected` shape.
  static func require(_ tensor: Tensor, shape expected: [Int], _ name: String, op: String) throws {
    guard tensor.shape == expected else {
      throw TriscaleError.invalidArgument(
        name: "\(op) \(name)", problem: "shape \(tensor.shape), expected \(expected)",
        fix: "Pass tensors whose shapes match the op's input and attributes")
    }
  }

  /// Throws unless `tensor` has `rank` dimensions.
  static func require(_ tensor: Tensor, rank: Int, _ name: String, op: String) throws {
    guard tensor.shape.count == rank else {
      throw TriscaleError.invalidArgument(
        name: "\(op) \(name)",
        problem: "shape \(tensor.shape) has \(tensor.shape.count) dimensions, expected \(rank)",
        fix: rank == 4 ? "Pass an NHWC [N, H, W, C] tensor" : "Pass a flat [N, F] tensor")
    }
  }

  /// Throws unless `tensor` has a batch dimension and at least one more.
  static func requireBatched(_ tensor: Tensor, _ name: String, op: String) throws {
    guard tensor.shape.count >= 2, tensor.shape.allSatisfy({ $0 > 0 }) else {
      throw TriscaleError.invalidArgument(
        name: "\(op) \(name)", problem: "shape \(tensor.shape) is not a non-empty batch",
        fix: "Pass an [N, ...] tensor with a batch dimension")
    }
  }
}
