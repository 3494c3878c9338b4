import TriscaleCore

extension MicroArchitecture {
  /// The graph of this genome for images of `inputShape` and `classCount`
  /// classes, named ``name``: a 3×3 stem (stride ``stemStride``), the
  /// blocks of the three stages (named `block1`, `block2`, … in order, the
  /// first of stages 2 and 3 with stride 2), a global average pool and a
  /// dense classifier. Every operation is one the int8 lowering and the
  /// microcontroller generator support (convolutions, depthwise
  /// convolutions, adds with their ReLU fused, the pool and the classifier).
  /// Any input size works.
  ///
  /// - Throws: when a gene is out of range (``validate()``).
  public func graph(
    inputShape: [Int] = ModelZoo.defaultInputShape, classCount: Int = ModelZoo.defaultClassCount
  ) throws -> Graph {
    try validate()
    var builder = GraphBuilder(name: name, inputShape: inputShape)
    var current = try builder.convBNReLU("stem", filters: widths[0], stride: stemStride)
    var blockNumber = 0
    for (stage, width) in widths.enumerated() {
      for index in 0..<depths[stage] {
        blockNumber += 1
        let stride = stage > 0 && index == 0 ? 2 : 1
        current = try appendBlock(
          "block\(blockNumber)", width: width, stride: stride, from: current, to: &builder)
      }
    }
    try builder.append(.globalAvgPool, name: "pool")
    try builder.append(.dense(units: classCount, useBias: true), name: "classifier")
    return builder.graph
  }

  /// One block reading node `input`; returns its output node.
  private func appendBlock(
    _ name: String, width: Int, stride: Int, from input: Int, to builder: inout GraphBuilder
  ) throws -> Int {
    let inputWidth = builder.graph.nodes[input].shape[2]
    switch block {
    case .conv:
      try builder.convBNReLU(
        name + ".conv1", filters: width, kernel: kernel, stride: stride, from: input)
      try builder.convBNReLU(name + ".conv2", filters: width, kernel: kernel, relu: !residual)
    case .separable:
      try builder.convBNReLU(
        name + ".depthwise1", filters: inputWidth, kernel: kernel, stride: stride,
        groups: inputWidth, from: input)
      try builder.convBNReLU(name + ".pointwise1", filters: width, kernel: 1)
      try builder.convBNReLU(name + ".depthwise2", filters: width, kernel: kernel, groups: width)
      try builder.convBNReLU(name + ".pointwise2", filters: width, kernel: 1, relu: !residual)
    }
    guard residual else { return builder.last }
    let main = builder.last
    let shortcut =
      stride == 1 && inputWidth == width
      ? input
      : try builder.append(
        .conv2d(Conv2DAttributes(filters: width, kernel: 1, stride: stride)), inputs: [input],
        name: name + ".shortcut")
    try builder.append(.add, inputs: [main, shortcut], name: name + ".add")
    return try builder.append(.relu, name: name + ".relu")
  }
}
