import TriscaleCore

/// The built-in architectures, each for NHWC 32x32x3 inputs and 10 classes.
public enum ModelZoo {
  /// A zoo entry: its name, what it is for, and how to build it.
  public struct Entry: Sendable {
    /// The name used on the command line.
    public var name: String
    /// One line on what it is and which tier it targets.
    public var summary: String
    /// Builds the graph.
    public var build: @Sendable () throws -> Graph
  }

  /// Every architecture, in listing order.
  public static let entries: [Entry] = [
    Entry(
      name: "resnet8", summary: "MLPerf Tiny image-classification reference (edge / MCU)",
      build: resnet8),
    Entry(
      name: "vgg-cloud", summary: "VGG-style baseline of the reference study (cloud)",
      build: vggCloud),
    Entry(
      name: "dscnn-micro", summary: "depthwise-separable CNN for microcontrollers",
      build: dscnnMicro),
    Entry(
      name: "resnet9-cloud", summary: "ResNet-9 (DAWNBench style), highest accuracy (cloud)",
      build: resnet9Cloud),
    Entry(
      name: "fastnet-cloud",
      summary: "airbench-style VGG (64-256-256), the cloud model trainable in under an hour",
      build: fastnetCloud),
  ]

  /// The graph named `name`, or an error listing the valid names.
  public static func graph(named name: String) throws -> Graph {
    guard let entry = entries.first(where: { $0.name == name }) else {
      throw TriscaleError.invalidArgument(
        name: "model", problem: "unknown model '\(name)'",
        fix: "Choose one of: \(entries.map(\.name).joined(separator: ", ")) (see `triscale models`)"
      )
    }
    return try entry.build()
  }

  static let cifarInput = [32, 32, 3]

  /// The MLPerf Tiny ResNet-8: 78,186 trainable parameters, 12.50 M MACs.
  public static func resnet8() throws -> Graph {
    var builder = GraphBuilder(name: "resnet8", inputShape: cifarInput)
    var current = try builder.convBNReLU("stem", filters: 16)
    for (index, filters) in [16, 32, 64].enumerated() {
      let stride = index == 0 ? 1 : 2
      let block = "block\(index + 1)"
      try builder.convBNReLU(block + ".conv1", filters: filters, stride: stride, from: current)
      let main = try builder.convBNReLU(block + ".conv2", filters: filters, relu: false)
      let shortcut =
        stride == 1
        ? current
        : try builder.append(
          .conv2d(Conv2DAttributes(filters: filters, kernel: 1, stride: stride)), inputs: [current],
          name: block + ".shortcut")
      try builder.append(.add, inputs: [main, shortcut], name: block + ".add")
      current = try builder.append(.relu, name: block + ".relu")
    }
    try builder.append(.globalAvgPool, name: "pool")
    try builder.append(.dense(units: 10, useBias: true), name: "classifier")
    return builder.graph
  }

  /// The study's VGG-style cloud model: 551,466 trainable parameters, 38.9 M MACs.
  public static func vggCloud() throws -> Graph {
    var builder = GraphBuilder(name: "vgg-cloud", inputShape: cifarInput)
    for (stage, filters) in [32, 64, 128].enumerated() {
      try builder.convBNReLU("stage\(stage + 1).conv1", filters: filters)
      try builder.convBNReLU("stage\(stage + 1).conv2", filters: filters)
      try builder.append(
        .maxPool(PoolAttributes(size: 2, stride: 2)), name: "stage\(stage + 1).pool")
    }
    try builder.append(.flatten, name: "flatten")
    try builder.append(.dropout(rate: 0.3), name: "dropout")
    try builder.append(.dense(units: 128, useBias: true), name: "fc1")
    try builder.append(.relu, name: "fc1.relu")
    try builder.append(.dense(units: 10, useBias: true), name: "classifier")
    return builder.graph
  }

  /// Depthwise-separable CNN for microcontrollers: 68,874 trainable parameters, 3.71 M MACs.
  public static func dscnnMicro() throws -> Graph {
    var builder = GraphBuilder(name: "dscnn-micro", inputShape: cifarInput)
    var channels = 32
    try builder.convBNReLU("stem", filters: channels)
    for (index, (filters, stride)) in [(64, 2), (128, 2), (128, 1), (256, 2)].enumerated() {
      let block = "block\(index + 1)"
      try builder.convBNReLU(
        block + ".depthwise", filters: channels, stride: stride, groups: channels)
      try builder.convBNReLU(block + ".pointwise", filters: filters, kernel: 1)
      channels = filters
    }
    try builder.append(.globalAvgPool, name: "pool")
    try builder.append(.dense(units: 10, useBias: true), name: "classifier")
    return builder.graph
  }

  /// ResNet-9 in the DAWNBench style (prep 64; 128 + residual; 256; 512 + residual).
  public static func resnet9Cloud() throws -> Graph {
    var builder = GraphBuilder(name: "resnet9-cloud", inputShape: cifarInput)
    try builder.convBNReLU("prep", filters: 64)
    for (stage, filters, residual) in [(1, 128, true), (2, 256, false), (3, 512, true)] {
      let name = "layer\(stage)"
      try builder.convBNReLU(name + ".conv", filters: filters)
      let pooled = try builder.append(
        .maxPool(PoolAttributes(size: 2, stride: 2)), name: name + ".pool")
      if residual {
        try builder.convBNReLU(name + ".res1", filters: filters)
        let inner = try builder.convBNReLU(name + ".res2", filters: filters)
        try builder.append(.add, inputs: [inner, pooled], name: name + ".add")
      }
    }
    try builder.append(.globalAvgPool, name: "pool")
    try builder.append(.dense(units: 10, useBias: true), name: "classifier")
    return builder.graph
  }

  /// A wide, shallow VGG in the style of Keller Jordan's airbench: a 32-filter
  /// stem, then three blocks of (conv, max pool 2, conv) with 64, 256 and 256
  /// filters, a 4x4 max pool and the classifier. 1.97 M parameters, 153 M MACs:
  /// a quarter of ResNet-9's cost for most of its accuracy in few epochs.
  public static func fastnetCloud() throws -> Graph {
    var builder = GraphBuilder(name: "fastnet-cloud", inputShape: cifarInput)
    try builder.convBNReLU("stem", filters: 32)
    for (index, filters) in [64, 256, 256].enumerated() {
      let block = "block\(index + 1)"
      try builder.convBNReLU(block + ".conv1", filters: filters)
      try builder.append(.maxPool(PoolAttributes(size: 2, stride: 2)), name: block + ".pool")
      try builder.convBNReLU(block + ".conv2", filters: filters)
    }
    try builder.append(.maxPool(PoolAttributes(size: 4, stride: 4)), name: "pool")
    try builder.append(.flatten, name: "flatten")
    try builder.append(.dense(units: 10, useBias: true), name: "classifier")
    return builder.graph
  }
}
