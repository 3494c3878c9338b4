import TriscaleCore

/// The built-in architectures. Each builder takes the input shape
/// [height, width, channels] and the class count of the dataset it will
/// train on; the defaults (32×32×3, 10 classes) are CIFAR-10's, the sizes
/// `triscale models` lists.
public enum ModelZoo {
  /// The input shape every builder defaults to: CIFAR-10's 32×32 RGB.
  public static let defaultInputShape = [32, 32, 3]
  /// The class count every builder defaults to: CIFAR-10's ten.
  public static let defaultClassCount = 10

  /// A zoo entry: its name, what it is for, and how to build it.
  public struct Entry: Sendable {
    /// The name used on the command line.
    public var name: String
    /// One line on what it is and which tier it targets.
    public var summary: String
    /// Builds the graph for an input shape and a class count, unchecked (one
    /// of the builders below).
    let builder: @Sendable (_ inputShape: [Int], _ classCount: Int) throws -> Graph

    /// The graph for images of `inputShape` = [height, width, channels] and
    /// `classCount` classes.
    ///
    /// - Throws: ``TriscaleError/invalidArgument(name:problem:fix:)`` when
    ///   the shape is not three positive extents, `classCount` is below 2,
    ///   or the image is too small for the model's strides and pooling (the
    ///   message names the smallest size that works).
    public func build(
      inputShape: [Int] = ModelZoo.defaultInputShape, classCount: Int = ModelZoo.defaultClassCount
    ) throws -> Graph {
      guard inputShape.count == 3, inputShape.allSatisfy({ $0 > 0 }) else {
        throw TriscaleError.invalidArgument(
          name: "input shape of \(name)", problem: "\(inputShape) is not [height, width, channels]",
          fix: "Give three positive extents, e.g. [28, 28, 1]")
      }
      guard classCount >= 2 else {
        throw TriscaleError.invalidArgument(
          name: "class count of \(name)", problem: "\(classCount) is below 2",
          fix: "A classifier needs at least two classes")
      }
      do {
        return try builder(inputShape, classCount)
      } catch {
        guard let side = smallestSide(channels: inputShape[2], classCount: classCount) else {
          throw error
        }
        throw TriscaleError.invalidArgument(
          name: "input shape of \(name)",
          problem:
            "\(inputShape[0])×\(inputShape[1])×\(inputShape[2]) images are too small for its strides and pooling (the smallest that works is \(side)×\(side))",
          fix:
            "Resize the images to at least \(side)×\(side) (folder datasets: --image-size \(side))")
      }
    }

    /// The smallest square side (up to 4096) this architecture accepts.
    private func smallestSide(channels: Int, classCount: Int) -> Int? {
      (1...4096).first { (try? builder([$0, $0, channels], classCount)) != nil }
    }
  }

  /// Every architecture, in listing order.
  public static let entries: [Entry] = [
    Entry(
      name: "resnet8", summary: "MLPerf Tiny image-classification reference (edge / MCU)",
      builder: resnet8),
    Entry(
      name: "vgg-cloud", summary: "VGG-style baseline of the reference study (cloud)",
      builder: vggCloud),
    Entry(
      name: "dscnn-micro", summary: "depthwise-separable CNN for microcontrollers",
      builder: dscnnMicro),
    Entry(
      name: "resnet9-cloud", summary: "ResNet-9 (DAWNBench style), highest accuracy (cloud)",
      builder: resnet9Cloud),
    Entry(
      name: "fastnet-cloud",
      summary: "airbench-style VGG (64-256-256), the cloud model trainable in under an hour",
      builder: fastnetCloud),
    Entry(
      name: "mobilenet-v1-vww",
      summary:
        "MLPerf Tiny visual-wake-words reference, MobileNetV1 0.25 (MCU; benchmark input 96×96×3, 2 classes)",
      builder: mobileNetV1VWW),
  ]

  /// The graph named `name` for images of `inputShape` and `classCount`
  /// classes — an entry's name, or a ``MicroArchitecture`` name
  /// (`micro:w16.32.64-d1.1.1-k3-conv-res-s1`) — or an error listing the
  /// valid names (or saying why the name or the shape does not fit, see
  /// ``Entry/build(inputShape:classCount:)``).
  public static func graph(
    named name: String, inputShape: [Int] = defaultInputShape, classCount: Int = defaultClassCount
  ) throws -> Graph {
    if name.hasPrefix(MicroArchitecture.prefix) {
      let architecture = try MicroArchitecture(name: name)
      return try Entry(
        name: name, summary: "searched architecture for microcontrollers",
        builder: { try architecture.graph(inputShape: $0, classCount: $1) }
      ).build(inputShape: inputShape, classCount: classCount)
    }
    guard let entry = entries.first(where: { $0.name == name }) else {
      throw TriscaleError.invalidArgument(
        name: "model", problem: "unknown model '\(name)'",
        fix:
          "Choose one of: \(entries.map(\.name).joined(separator: ", ")) (see `triscale models`), or an architecture of the search space such as \(MicroArchitecture.resnet8.name) (docs/search.md)"
      )
    }
    return try entry.build(inputShape: inputShape, classCount: classCount)
  }

  // The builders below build without checking their input; an image too
  // small for a model fails in shape inference, naming the layer.
  // `graph(named:inputShape:classCount:)` and `Entry.build` check first and
  // name the smallest size that works. Figures are at the defaults.

  /// The MLPerf Tiny ResNet-8: 78,186 trainable parameters, 12.50 M MACs.
  /// Any input size works.
  public static func resnet8(
    inputShape: [Int] = defaultInputShape, classCount: Int = defaultClassCount
  ) throws -> Graph {
    var builder = GraphBuilder(name: "resnet8", inputShape: inputShape)
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
    try builder.append(.dense(units: classCount, useBias: true), name: "classifier")
    return builder.graph
  }

  /// The study's VGG-style cloud model: 551,466 trainable parameters, 38.9 M MACs.
  /// Three 2×2 max pools: inputs of at least 8×8.
  public static func vggCloud(
    inputShape: [Int] = defaultInputShape, classCount: Int = defaultClassCount
  ) throws -> Graph {
    var builder = GraphBuilder(name: "vgg-cloud", inputShape: inputShape)
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
    try builder.append(.dense(units: classCount, useBias: true), name: "classifier")
    return builder.graph
  }

  /// Depthwise-separable CNN for microcontrollers: 68,874 trainable parameters, 3.71 M MACs.
  /// Any input size works.
  public static func dscnnMicro(
    inputShape: [Int] = defaultInputShape, classCount: Int = defaultClassCount
  ) throws -> Graph {
    var builder = GraphBuilder(name: "dscnn-micro", inputShape: inputShape)
    try builder.convBNReLU("stem", filters: 32)
    try depthwiseSeparable(
      &builder, channels: 32, blocks: [(64, 2), (128, 2), (128, 1), (256, 2)],
      classCount: classCount)
    return builder.graph
  }

  /// ResNet-9 in the DAWNBench style (prep 64; 128 + residual; 256; 512 + residual).
  /// Three 2×2 max pools: inputs of at least 8×8.
  public static func resnet9Cloud(
    inputShape: [Int] = defaultInputShape, classCount: Int = defaultClassCount
  ) throws -> Graph {
    var builder = GraphBuilder(name: "resnet9-cloud", inputShape: inputShape)
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
    try builder.append(.dense(units: classCount, useBias: true), name: "classifier")
    return builder.graph
  }

  /// A wide, shallow VGG in the style of Keller Jordan's airbench: a 32-filter
  /// stem, then three blocks of (conv, max pool 2, conv) with 64, 256 and 256
  /// filters, a 4x4 max pool and the classifier. 1.97 M parameters, 153 M MACs:
  /// a quarter of ResNet-9's cost for most of its accuracy in few epochs.
  /// Inputs of at least 8×8; below 32×32 the last pool shrinks to the
  /// remaining extent (3×3 for 28×28 images).
  public static func fastnetCloud(
    inputShape: [Int] = defaultInputShape, classCount: Int = defaultClassCount
  ) throws -> Graph {
    var builder = GraphBuilder(name: "fastnet-cloud", inputShape: inputShape)
    try builder.convBNReLU("stem", filters: 32)
    for (index, filters) in [64, 256, 256].enumerated() {
      let block = "block\(index + 1)"
      try builder.convBNReLU(block + ".conv1", filters: filters)
      try builder.append(.maxPool(PoolAttributes(size: 2, stride: 2)), name: block + ".pool")
      try builder.convBNReLU(block + ".conv2", filters: filters)
    }
    let remaining = builder.graph.nodes[builder.last].shape
    let window = min(4, remaining[0], remaining[1])
    try builder.append(.maxPool(PoolAttributes(size: window, stride: window)), name: "pool")
    try builder.append(.flatten, name: "flatten")
    try builder.append(.dense(units: classCount, useBias: true), name: "classifier")
    return builder.graph
  }
}
