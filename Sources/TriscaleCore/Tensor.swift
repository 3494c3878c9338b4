/// A dense fp32 tensor in row-major order (NHWC for images).
///
/// `Tensor` is a value type over a Swift array: cheap to pass around, copied on
/// write. Compute backends read and write its storage through pointers.
public struct Tensor: Equatable, Sendable {
  /// The extent of each dimension, outermost first.
  public var shape: [Int]
  /// The elements, row-major; `storage.count == shape.product`.
  public var storage: [Float]

  /// A tensor of the given shape filled with `value`.
  public init(shape: [Int], repeating value: Float = 0) {
    self.shape = shape
    self.storage = [Float](repeating: value, count: shape.reduce(1, *))
  }

  /// A tensor over existing elements; the element count must match the shape.
  public init(shape: [Int], storage: [Float]) {
    precondition(
      shape.reduce(1, *) == storage.count, "tensor storage does not match shape \(shape)")
    self.shape = shape
    self.storage = storage
  }

  /// The number of elements.
  public var count: Int { storage.count }

  /// The largest absolute element-wise difference to `other` (same shape).
  public func maxAbsDifference(_ other: Tensor) -> Float {
    precondition(shape == other.shape, "shapes differ: \(shape) vs \(other.shape)")
    var worst: Float = 0
    for index in storage.indices { worst = max(worst, abs(storage[index] - other.storage[index])) }
    return worst
  }
}
