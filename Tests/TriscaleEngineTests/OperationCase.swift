import Testing
import TriscaleGraph

/// One operation under test: its input, batch size, and how to append it to a graph.
struct OperationCase: Sendable, CustomTestStringConvertible {
  /// What precedes the operation under test.
  enum Prefix {
    /// The operation reads the graph input directly (no input gradient is needed).
    case none
    /// A `same` convolution "pre" with `kernel` and as many filters as input
    /// channels; its kernel gradient checks the operation's input gradient.
    case convolution(kernel: Int)
  }

  let name: String
  let inputShape: [Int]
  let batchSize: Int
  /// Appends the operation (and what it needs, e.g. a flatten) reading node `source`.
  let append: @Sendable (_ builder: inout GraphBuilder, _ source: Int) throws -> Void

  var testDescription: String { name }

  /// A case that appends the single `operation`.
  init(_ name: String, _ inputShape: [Int], batchSize: Int, _ operation: Operation) {
    self.init(name, inputShape, batchSize: batchSize) { builder, source in
      try builder.append(operation, inputs: [source], name: "op")
    }
  }

  init(
    _ name: String, _ inputShape: [Int], batchSize: Int,
    append: @escaping @Sendable (inout GraphBuilder, Int) throws -> Void
  ) {
    self.name = name
    self.inputShape = inputShape
    self.batchSize = batchSize
    self.append = append
  }

  /// The graph input → prefix → operation.
  func graph(prefix: Prefix) throws -> Graph {
    var builder = GraphBuilder(name: name, inputShape: inputShape)
    if case .convolution(let kernel) = prefix {
      try builder.append(
        .conv2d(Conv2DAttributes(filters: inputShape[2], kernel: kernel)), name: "pre")
    }
    try append(&builder, builder.last)
    return builder.graph
  }
}

extension OperationCase {
  /// Every ``Operation`` except `.input`, with the attribute variants that
  /// matter: strides, same/valid padding on odd and even sizes, groups.
  static let all: [OperationCase] =
    convolutions + [denseWithBias, denseWithoutBias] + normalizations + pools
    + [globalAveragePool, add, flatten, dropout, softmax]

  /// Operations whose backward pass is not the derivative of their forward
  /// pass (the straight-through estimator of fake quantization), so they are
  /// checked against the reference executor but not by finite differences.
  /// The range clips some of the inputs, so both gradient branches run.
  static let straightThrough: [OperationCase] = [
    OperationCase("fake_quantize", [5, 5, 3], batchSize: 2, .fakeQuantize(low: -0.4, high: 0.6))
  ]

  /// Operation sequences the executor may fuse into one primitive. Kept out of
  /// the finite-difference checks: batch-normalized values can land near the
  /// ReLU kink whatever the input.
  static let fusions = [
    OperationCase("batch norm + relu", [5, 7, 3], batchSize: 2) { builder, source in
      try builder.append(.batchNorm(epsilon: 1e-3, momentum: 0.9), inputs: [source], name: "op")
      try builder.append(.relu, name: "op.relu")
    }
  ]

  static let convolutions = [
    OperationCase(
      "conv 3x3 stride 1 same", [5, 7, 3], batchSize: 2,
      .conv2d(Conv2DAttributes(filters: 4, kernel: 3))),
    OperationCase(
      "conv 3x3 stride 2 same (even input)", [6, 6, 4], batchSize: 3,
      .conv2d(Conv2DAttributes(filters: 5, kernel: 3, stride: 2))),
    OperationCase(
      "conv 3x3 stride 2 same (odd input)", [5, 7, 3], batchSize: 2,
      .conv2d(Conv2DAttributes(filters: 4, kernel: 3, stride: 2))),
    OperationCase(
      "conv 3x3 stride 2 valid", [5, 7, 3], batchSize: 2,
      .conv2d(Conv2DAttributes(filters: 4, kernel: 3, stride: 2, padding: .valid))),
    OperationCase(
      "conv 2x2 stride 1 same (padding only after)", [5, 7, 3], batchSize: 2,
      .conv2d(Conv2DAttributes(filters: 3, kernel: 2))),
    OperationCase(
      "conv 1x1 without bias", [5, 7, 3], batchSize: 2,
      .conv2d(Conv2DAttributes(filters: 6, kernel: 1, useBias: false))),
    OperationCase(
      "depthwise 3x3 stride 2 same", [6, 6, 4], batchSize: 3,
      .conv2d(Conv2DAttributes(filters: 4, kernel: 3, stride: 2, groups: 4))),
    OperationCase(
      "depthwise 3x3 multiplier 2", [5, 7, 3], batchSize: 2,
      .conv2d(Conv2DAttributes(filters: 6, kernel: 3, groups: 3))),
    OperationCase(
      "grouped conv 3x3 valid, 2 groups", [5, 7, 4], batchSize: 2,
      .conv2d(Conv2DAttributes(filters: 6, kernel: 3, padding: .valid, groups: 2))),
  ]

  static let denseWithBias = OperationCase("dense with bias", [3, 3, 4], batchSize: 3) {
    builder, source in
    try builder.append(.flatten, inputs: [source], name: "flatten")
    try builder.append(.dense(units: 5, useBias: true), name: "op")
  }

  static let denseWithoutBias = OperationCase("dense without bias", [3, 3, 4], batchSize: 2) {
    builder, source in
    try builder.append(.flatten, inputs: [source], name: "flatten")
    try builder.append(.dense(units: 7, useBias: false), name: "op")
  }

  static let normalizations = [
    OperationCase("batch norm", [5, 7, 3], batchSize: 2, .batchNorm(epsilon: 1e-3, momentum: 0.9)),
    OperationCase("relu", [5, 7, 3], batchSize: 2, .relu),
    OperationCase("relu6", [5, 7, 3], batchSize: 2, .relu6),
  ]

  static let pools = [
    OperationCase(
      "max pool 2 stride 2 valid", [5, 7, 3], batchSize: 2,
      .maxPool(PoolAttributes(size: 2, stride: 2))),
    OperationCase(
      "max pool 3 stride 2 same (odd input)", [5, 7, 3], batchSize: 2,
      .maxPool(PoolAttributes(size: 3, stride: 2, padding: .same))),
    OperationCase(
      "max pool 3 stride 2 same (even input)", [6, 6, 4], batchSize: 3,
      .maxPool(PoolAttributes(size: 3, stride: 2, padding: .same))),
    OperationCase(
      "avg pool 2 stride 2 valid", [5, 7, 3], batchSize: 2,
      .avgPool(PoolAttributes(size: 2, stride: 2))),
    OperationCase(
      "avg pool 3 stride 2 same (odd input)", [5, 7, 3], batchSize: 2,
      .avgPool(PoolAttributes(size: 3, stride: 2, padding: .same))),
    OperationCase(
      "avg pool 3 stride 2 same (even input)", [6, 6, 4], batchSize: 3,
      .avgPool(PoolAttributes(size: 3, stride: 2, padding: .same))),
    OperationCase(
      "avg pool 3 stride 1 same", [5, 7, 3], batchSize: 2,
      .avgPool(PoolAttributes(size: 3, stride: 1, padding: .same))),
  ]

  static let globalAveragePool = OperationCase(
    "global avg pool", [5, 7, 3], batchSize: 2, .globalAvgPool)

  /// A residual add: the source plus a 1x1 convolution of it.
  static let add = OperationCase("add (residual)", [5, 7, 3], batchSize: 2) { builder, source in
    let side = try builder.append(
      .conv2d(Conv2DAttributes(filters: 3, kernel: 1)), inputs: [source], name: "side")
    try builder.append(.add, inputs: [source, side], name: "op")
  }

  static let flatten = OperationCase("flatten", [5, 7, 3], batchSize: 2, .flatten)

  static let dropout = OperationCase("dropout", [5, 7, 3], batchSize: 2, .dropout(rate: 0.4))

  /// Softmax over a flat feature vector.
  static let softmax = OperationCase("softmax (flat)", [3, 3, 4], batchSize: 3) { builder, source in
    try builder.append(.flatten, inputs: [source], name: "flatten")
    try builder.append(.softmax, name: "op")
  }
}
