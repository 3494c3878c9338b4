import Testing
import TriscaleCore
import TriscaleDeploy
import TriscaleEngine
import TriscaleGraph
import TriscaleOptimize

/// Float exports of zoo models run in LiteRT against ``FloatExecutor``.
///
/// dscnn-micro covers conv, depthwise conv, dense and global average pool;
/// resnet8 adds residual adds; a small VGG-style graph adds max pool,
/// flatten, an unfused ReLU6 and softmax. Weights are random with randomized
/// batch-norm statistics, folded by ``InferenceGraph``.
@Suite struct TFLiteFloatExportTests {
  /// float32: `|LiteRT − FloatExecutor| ≤ 1e-4 · max(1, |FloatExecutor|)` per
  /// element (absolute below 1, relative above).
  static let float32Tolerance: Float = 1e-4
  /// float16 and dynamic range against the float32 export, in norm:
  /// `‖variant − float32‖₂ ≤ t · max(1, ‖float32‖₂)` over all outputs
  /// (measured: about 4e-4 for float16 and 1.2e-2 for dynamic range).
  static let float16Tolerance: Float = 2e-3
  static let dynamicTolerance: Float = 0.04
  static let imageCount = 24

  @Test(arguments: ["dscnn-micro", "resnet8", "pool-flatten"])
  func float32MatchesFloatExecutor(_ name: String) throws {
    let model = try Self.model(name, seed: 11)
    let images = Self.images(for: model.graph, seed: 12)
    let expected = try Self.floatExecutorOutputs(model, images: images)
    let exported = try TFLiteExporter.encode(model, variant: .float32)
    for kernels in [LiteRT.Kernels.builtin, .xnnpack] {
      let actual = try LiteRT.run(
        model: exported, floats: images, kernels: kernels, label: name + "-fp32")
      expectElementwise(
        actual, expected, tolerance: Self.float32Tolerance, "\(name) float32 \(kernels)")
    }
  }

  @Test(arguments: [TFLiteVariant.float16, .dynamic])
  func reducedVariantsAgreeWithFloat32(_ variant: TFLiteVariant) throws {
    for name in ["dscnn-micro", "resnet8", "pool-flatten"] {
      let model = try Self.model(name, seed: 21)
      let images = Self.images(for: model.graph, seed: 22)
      let reference = try LiteRT.run(
        model: TFLiteExporter.encode(model, variant: .float32), floats: images,
        label: name + "-fp32")
      let tolerance = variant == .float16 ? Self.float16Tolerance : Self.dynamicTolerance
      let actual = try LiteRT.run(
        model: TFLiteExporter.encode(model, variant: variant), floats: images,
        label: name + "-" + variant.rawValue)
      expectNormwise(actual, reference, tolerance: tolerance, "\(name) \(variant.rawValue)")
    }
  }

  // MARK: Fixtures

  /// A folded zoo model (or the small pool-flatten graph) with random weights
  /// and batch-norm statistics.
  static func model(_ name: String, seed: UInt64) throws -> InferenceGraph {
    let graph = name == "pool-flatten" ? try poolFlattenGraph() : try ModelZoo.graph(named: name)
    return try InferenceGraph(graph: graph, parameters: randomParameters(for: graph, seed: seed))
  }

  /// conv → BN → relu6 (fused), max pool, conv → avg pool (SAME) → relu6
  /// (unfused), flatten, dense → relu, dense → softmax.
  static func poolFlattenGraph() throws -> Graph {
    var builder = GraphBuilder(name: "pool-flatten", inputShape: [12, 12, 3])
    try builder.append(.conv2d(Conv2DAttributes(filters: 8, kernel: 3, stride: 1)), name: "conv1")
    try builder.append(.batchNorm(epsilon: 1e-3, momentum: 0.9), name: "conv1.bn")
    try builder.append(.relu6, name: "conv1.relu6")
    try builder.append(.maxPool(PoolAttributes(size: 2, stride: 2)), name: "pool1")
    try builder.append(
      .conv2d(Conv2DAttributes(filters: 6, kernel: 3, stride: 2, padding: .valid)), name: "conv2")
    try builder.append(.avgPool(PoolAttributes(size: 2, stride: 1, padding: .same)), name: "pool2")
    try builder.append(.relu6, name: "pool2.relu6")
    try builder.append(.flatten, name: "flatten")
    try builder.append(.dropout(rate: 0.5), name: "dropout")
    try builder.append(.dense(units: 16, useBias: true), name: "fc1")
    try builder.append(.relu, name: "fc1.relu")
    try builder.append(.dense(units: 10, useBias: false), name: "classifier")
    try builder.append(.softmax, name: "softmax")
    return builder.graph
  }

  /// He-uniform kernels; random biases, shifts, scales and moving statistics.
  static func randomParameters(for graph: Graph, seed: UInt64) -> ParameterStore {
    var store = ParameterStore(initializing: graph, seed: seed)
    var random = SeededRandom(seed: seed &+ 1)
    for spec in graph.parameterSpecs where spec.role != .kernel {
      let (low, high): (Float, Float) =
        switch spec.role {
        case .gamma: (0.5, 1.5)
        case .movingVariance: (0.5, 2)
        default: (-0.5, 0.5)
        }
      store[spec.key] = Tensor(
        shape: spec.shape,
        storage: (0..<spec.elementCount).map { _ in low + random.nextUniform() * (high - low) })
    }
    return store
  }

  /// `imageCount` NHWC images uniform in [-1, 1].
  static func images(for graph: Graph, seed: UInt64) -> [Float] {
    var random = SeededRandom(seed: seed)
    return (0..<(imageCount * graph.inputShape.reduce(1, *))).map { _ in
      random.nextUniform() * 2 - 1
    }
  }

  static func floatExecutorOutputs(_ model: InferenceGraph, images: [Float]) throws -> [Float] {
    let executor = try FloatExecutor(graph: model.graph, batchSize: imageCount, training: false)
    var parameters = model.parameters
    return try images.withUnsafeBufferPointer {
      try executor.forward(images: $0, parameters: &parameters, training: false)
    }
  }
}

/// `|actual − expected| ≤ tolerance · max(1, |expected|)` for every element;
/// a failure names the worst element.
func expectElementwise(
  _ actual: [Float], _ expected: [Float], tolerance: Float, _ what: String,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  guard actual.count == expected.count else {
    Issue.record(
      "\(what): \(actual.count) outputs, expected \(expected.count)", sourceLocation: sourceLocation
    )
    return
  }
  var worst = (index: 0, ratio: Float(0))
  for index in actual.indices {
    let ratio = abs(actual[index] - expected[index]) / max(1, abs(expected[index]))
    if !(ratio <= worst.ratio) { worst = (index, ratio) }
  }
  #expect(
    worst.ratio <= tolerance,
    "\(what): element \(worst.index) is \(actual[worst.index]), expected \(expected[worst.index]) (error \(worst.ratio) > \(tolerance))",
    sourceLocation: sourceLocation)
}

/// `‖actual − expected‖₂ ≤ tolerance · max(1, ‖expected‖₂)`.
func expectNormwise(
  _ actual: [Float], _ expected: [Float], tolerance: Float, _ what: String,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  guard actual.count == expected.count else {
    Issue.record(
      "\(what): \(actual.count) outputs, expected \(expected.count)", sourceLocation: sourceLocation
    )
    return
  }
  let difference = zip(actual, expected).reduce(Float(0)) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
    .squareRoot()
  let norm = expected.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
  #expect(
    difference.isFinite && difference <= tolerance * max(1, norm),
    "\(what): ‖difference‖₂ = \(difference), ‖expected‖₂ = \(norm), tolerance \(tolerance)",
    sourceLocation: sourceLocation)
}
