import TriscaleCore

/// Output shapes of each ``Operation`` from its input shapes (batch excluded).
public enum ShapeInference {
  /// The output shape of `operation` applied to inputs of `inputs` shapes.
  public static func outputShape(of operation: Operation, inputs: [[Int]], node: String) throws
    -> [Int]
  {
    func fail(_ problem: String) -> TriscaleError {
      .invalidModel(
        problem: "node '\(node)' (\(operation.kindName)): \(problem)",
        fix: "Fix the layer's attributes or its inputs")
    }
    let expectedInputs = operation == .add ? 2 : (operation == .input ? 0 : 1)
    guard inputs.count == expectedInputs else {
      throw fail("expects \(expectedInputs) inputs, got \(inputs.count)")
    }
    let shape = inputs.first ?? []
    switch operation {
    case .input:
      throw fail("only the first node may be an input")
    case .conv2d(let attributes):
      guard shape.count == 3 else { throw fail("expects an [H, W, C] input, got \(shape)") }
      guard attributes.filters > 0, attributes.kernel > 0, attributes.stride > 0,
        attributes.groups > 0
      else {
        throw fail("filters, kernel, stride and groups must be positive")
      }
      guard shape[2] % attributes.groups == 0, attributes.filters % attributes.groups == 0 else {
        throw fail(
          "\(attributes.groups) groups do not divide \(shape[2]) input and \(attributes.filters) output channels"
        )
      }
      return try [
        spatial(
          shape[0], window: attributes.kernel, stride: attributes.stride,
          padding: attributes.padding, fail),
        spatial(
          shape[1], window: attributes.kernel, stride: attributes.stride,
          padding: attributes.padding, fail),
        attributes.filters,
      ]
    case .maxPool(let attributes), .avgPool(let attributes):
      guard shape.count == 3 else { throw fail("expects an [H, W, C] input, got \(shape)") }
      guard attributes.size > 0, attributes.stride > 0 else {
        throw fail("size and stride must be positive")
      }
      return try [
        spatial(
          shape[0], window: attributes.size, stride: attributes.stride, padding: attributes.padding,
          fail),
        spatial(
          shape[1], window: attributes.size, stride: attributes.stride, padding: attributes.padding,
          fail),
        shape[2],
      ]
    case .dense(let units, _):
      guard units > 0 else { throw fail("units must be positive") }
      guard shape.count == 1 else {
        throw fail("expects a flat input (add flatten or global_avg_pool first), got \(shape)")
      }
      return [units]
    case .batchNorm(let epsilon, let momentum):
      guard epsilon > 0, momentum >= 0, momentum < 1 else {
        throw fail("epsilon must be > 0 and momentum in [0, 1)")
      }
      return shape
    case .globalAvgPool:
      guard shape.count == 3 else { throw fail("expects an [H, W, C] input, got \(shape)") }
      return [shape[2]]
    case .add:
      guard inputs[0] == inputs[1] else {
        throw fail("input shapes differ: \(inputs[0]) vs \(inputs[1])")
      }
      return shape
    case .flatten:
      return [shape.reduce(1, *)]
    case .dropout(let rate):
      guard rate >= 0, rate < 1 else { throw fail("rate must be in [0, 1)") }
      return shape
    case .relu, .relu6, .softmax:
      return shape
    case .fakeQuantize(let low, let high):
      guard low.isFinite, high.isFinite, low <= 0, high >= 0, high > low else {
        throw fail("range [\(low), \(high)] must be finite, contain 0 and not be empty")
      }
      return shape
    }
  }

  private static func spatial(
    _ size: Int, window: Int, stride: Int, padding: Padding, _ fail: (String) -> TriscaleError
  ) throws -> Int {
    switch padding {
    case .same:
      return (size + stride - 1) / stride
    case .valid:
      guard size >= window else {
        throw fail("window \(window) is larger than the input extent \(size)")
      }
      return (size - window) / stride + 1
    }
  }

  /// The (top/left, bottom/right) zero padding TensorFlow applies for `same` padding.
  public static func samePadding(input: Int, window: Int, stride: Int) -> (before: Int, after: Int)
  {
    let output = (input + stride - 1) / stride
    let total = max((output - 1) * stride + window - input, 0)
    return (total / 2, total - total / 2)
  }
}
