import Foundation
import Testing
import TriscaleCore
import TriscaleEngine
import TriscaleGraph

/// ``FloatExecutor`` in bf16 and fp16 against the fp32 ``ReferenceExecutor``,
/// and what it reports about how it computed.
///
/// Tolerances are norm-wise (‖fast − reference‖₂ ≤ t · max(1, ‖reference‖₂)):
/// - single operations after a convolution, every output, moving statistic
///   and gradient tensor: bf16 4e-2, fp16 1e-2 (largest seen 1.6e-2 and
///   3.3e-3, both a batch-norm input gradient);
/// - whole models at batch 2, outputs and moving statistics per tensor: bf16
///   3e-2, fp16 3e-3 (seen 1.0e-2, 1.0e-3);
/// - whole models, all gradients as one vector: bf16 0.25, fp16 0.1 (seen 0.16
///   and 0.054 on dscnn-micro). These random-parameter models amplify rounding
///   through their batch-norm stacks: rounding only the images and kernels to
///   fp16 already moves the fp32 reference's gradients by 2-8%.
@Suite struct PrecisionTests {
  static let reduced: [Precision] = [.bf16, .fp16]

  static func operationTolerance(_ precision: Precision) -> Float {
    precision == .bf16 ? 4e-2 : 1e-2
  }

  @Test(arguments: OperationCase.all + OperationCase.fusions, reduced)
  func operationsMatchTheReference(_ operation: OperationCase, _ precision: Precision) throws {
    try expectExecutorsAgree(
      graph: operation.graph(prefix: .convolution(kernel: 3)), batchSize: operation.batchSize,
      seed: 23,
      tolerance: .normwise(Self.operationTolerance(precision)), precision: precision)
  }

  @Test(arguments: ["resnet8", "dscnn-micro"], reduced)
  func wholeModelsMatchTheReference(_ model: String, _ precision: Precision) throws {
    try expectExecutorsAgree(
      graph: ModelZoo.graph(named: model), batchSize: 2, seed: 53,
      tolerance: .normwise(precision == .bf16 ? 3e-2 : 3e-3),
      gradientTolerance: .normwise(precision == .bf16 ? 0.25 : 0.1), precision: precision)
  }

  /// Values stored in a reduced precision are exactly ``Precision/rounded(_:)``
  /// of the fp32 input: a graph that only flattens its input returns the
  /// images as the executor stored them. The values span fp16's subnormals,
  /// normals and overflow, with exact ties in both formats.
  @Test(arguments: Precision.allCases)
  func storageRoundsAsDocumented(_ precision: Precision) throws {
    var builder = GraphBuilder(name: "store", inputShape: [64, 64, 4])
    try builder.append(.flatten, name: "flatten")
    let graph = builder.graph
    let count = 2 * graph.inputShape.reduce(1, *)
    let fractions = TestValues.uniform(count, in: 1...2, seed: 5)
    let exponents = TestValues.uniform(count, in: -30...18, seed: 6)
    var images = (0..<count).map { index in
      (index % 2 == 0 ? 1 : -1) * fractions[index]
        * Float(pow(2, Double(exponents[index].rounded(.down))))
    }
    let ties: [Float] = [
      1 + 0x1p-11, 1 + 0x3p-11, 0x1p-25, 0x3p-25, 65504, 65519, 65520, 1 + 0x1p-8, 1 + 0x3p-8, 0,
      -0,
      .infinity, -.infinity, .greatestFiniteMagnitude,
    ]
    images.replaceSubrange(0..<ties.count, with: ties)
    let executor = try FloatExecutor(
      graph: graph, batchSize: 2, training: false, precision: precision)
    var parameters = ParameterStore(initializing: graph, seed: 1)
    let stored = try images.withUnsafeBufferPointer {
      try executor.forward(images: $0, parameters: &parameters, training: false)
    }
    let expected = images.map(precision.rounded)
    let mismatch = stored.indices.first { stored[$0].bitPattern != expected[$0].bitPattern }
    #expect(
      mismatch == nil,
      "\(mismatch.map { "\(images[$0]) stored as \(stored[$0]), not \(expected[$0])" } ?? "")")
    #expect((stored != images) == (precision != .fp32))
  }

  @Test func roundingFollowsEachFormat() {
    #expect(Precision.fp32.rounded(1 + 0x1p-20) == 1 + 0x1p-20)
    #expect(Precision.bf16.rounded(1 + 0x1p-8) == 1)  // a tie goes to the even neighbour
    #expect(Precision.bf16.rounded(1 + 0x3p-8) == 1 + 0x1p-6)
    #expect(Precision.bf16.rounded(1 + 0x1p-7) == 1 + 0x1p-7)
    #expect(Precision.bf16.rounded(.greatestFiniteMagnitude) == .infinity)
    #expect(Precision.fp16.rounded(1 + 0x1p-11) == 1)
    #expect(Precision.fp16.rounded(65504) == 65504)
    #expect(Precision.fp16.rounded(65520) == .infinity)
    #expect(Precision.fp16.rounded(0x1p-25) == 0)
    #expect(Precision.fp16.rounded(0x1.8p-24) == 0x1p-23)
    for precision in Precision.allCases { #expect(precision.rounded(.nan).isNaN) }
  }

  /// The reported path accounts for every layer: fp32 runs everything
  /// natively; a reduced precision never claims a Swift-written layer computes
  /// in it, and its results differ from fp32's (the precision is applied).
  @Test func computePathAccountsForEveryLayer() throws {
    let graph = try ModelZoo.resnet8()
    let layerCount = graph.nodes.count - 1 - 4  // the input, and four ReLUs fused into batch norms
    var parameters = TestValues.parameters(for: graph, seed: 3)
    let images = TestValues.uniform(2 * graph.inputShape.reduce(1, *), in: -1...1, seed: 4)
    var outputs: [Precision: [Float]] = [:]
    for precision in Precision.allCases {
      let executor = try FloatExecutor(
        graph: graph, batchSize: 2, training: true, precision: precision)
      let path = executor.computePath
      #expect(path.precision == precision)
      #expect(path.native.count + path.widened.count == layerCount, "\(path)")
      let description = path.description
      if precision == .fp32 {
        #expect(path.widened.isEmpty)
        #expect(description.hasPrefix("fp32 compute: "), "\(description)")
      } else {
        #expect(path.native.allSatisfy { !$0.hasSuffix(" swift") }, "\(path)")
        #expect(path.widened.contains { $0.hasPrefix("globalAvgPool swift") }, "\(path)")
        #expect(
          description.hasPrefix(
            precision.rawValue + (path.native.isEmpty ? " storage" : " compute")))
      }
      outputs[precision] = try images.withUnsafeBufferPointer {
        try executor.forward(images: $0, parameters: &parameters, training: false)
      }
    }
    #expect(outputs[.bf16] != outputs[.fp32])
    #expect(outputs[.fp16] != outputs[.fp32])
    #expect(outputs[.fp16] != outputs[.bf16])
  }
}
