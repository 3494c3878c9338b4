import TriscaleCore

/// Output shapes of each ``Operation`` from its input shapes (batch excluded).
///
/// Every attribute is checked against ``ModelLimits`` before it is used in
/// arithmetic, and so is the size of the output and of the node's weights,
/// so shapes of a crafted model file cannot overflow here or downstream.
public enum ShapeInference {
  /// The output shape of `operation` applied to inputs of `inputs` shapes,
  /// which must themselves be within ``ModelLimits`` (the input node's
  /// shape is checked by ``Graph/validated()``, later ones by this function).
  public static func outputShape(of operation: Operation, inputs: [[Int]], node: String) throws
    -> [Int]
  {
    try outputShape(of: operation, inputs: inputs, fail: failure(operation, node))
  }

  /// ``outputShape(of:inputs:node:)`` reporting problems through `fail`, for
  /// callers that name the place themselves (the int8 model's validation).
  static func outputShape(
    of operation: Operation, inputs: [[Int]], fail: (String) -> TriscaleError
  ) throws -> [Int] {
    let shape = try unboundedOutputShape(of: operation, inputs: inputs, fail)
    try ModelLimits.checkElementCount(shape, "its output \(shape)", fail)
    return shape
  }

  private static func failure(_ operation: Operation, _ node: String) -> (String) -> TriscaleError {
    { problem in
      .invalidModel(
        problem: "node '\(node)' (\(operation.kindName)): \(problem)",
        fix: "Fix the layer's attributes or its inputs")
    }
  }

  private static func unboundedOutputShape(
    of operation: Operation, inputs: [[Int]], _ fail: (String) -> TriscaleError
  ) throws -> [Int] {
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
      for (value, what) in [
        (attributes.filters, "filters"), (attributes.kernel, "kernel"),
        (attributes.stride, "stride"), (attributes.groups, "groups"),
      ] {
        try ModelLimits.checkExtent(value, what, fail)
      }
      guard shape[2] % attributes.groups == 0, attributes.filters % attributes.groups == 0 else {
        throw fail(
          "\(attributes.groups) groups do not divide \(shape[2]) input and \(attributes.filters) output channels"
        )
      }
      try ModelLimits.checkElementCount(
        [attributes.kernel, attributes.kernel, shape[2] / attributes.groups, attributes.filters],
        "its kernel", fail)
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
      try ModelLimits.checkExtent(attributes.size, "size", fail)
      try ModelLimits.checkExtent(attributes.stride, "stride", fail)
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
      try ModelLimits.checkExtent(units, "units", fail)
      guard shape.count == 1 else {
        throw fail("expects a flat input (add flatten or global_avg_pool first), got \(shape)")
      }
      try ModelLimits.checkElementCount([shape[0], units], "its kernel", fail)
      return [units]
    case .batchNorm(let epsilon, let momentum):
      guard epsilon > 0, epsilon.isFinite, momentum >= 0, momentum < 1 else {
        throw fail("epsilon must be finite and > 0, and momentum in [0, 1)")
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
