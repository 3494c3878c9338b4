import Testing
import TriscaleGraph

/// Every operation on ``FloatExecutor`` against the plain-loop reference.
///
/// Tolerance: |fast − reference| ≤ 1e-4 · max(1, |reference|) for outputs,
/// moving statistics and parameter gradients.
@Suite struct OperationAgreementTests {
  static let tolerance: Float = 1e-4

  /// The operation reads the graph input: forward outputs and its own parameter gradients.
  @Test(arguments: OperationCase.all + OperationCase.fusions + OperationCase.straightThrough)
  func onTheInput(_ operation: OperationCase) throws {
    let graph = try operation.graph(prefix: .none)
    try expectExecutorsAgree(
      graph: graph, batchSize: operation.batchSize, seed: 11,
      tolerance: .elementwise(Self.tolerance))
  }

  /// The operation follows a 3x3 convolution, whose kernel gradient depends on the operation's input gradient.
  @Test(arguments: OperationCase.all + OperationCase.fusions + OperationCase.straightThrough)
  func afterAConvolution(_ operation: OperationCase) throws {
    try expectExecutorsAgree(
      graph: operation.graph(prefix: .convolution(kernel: 3)), batchSize: operation.batchSize,
      seed: 23,
      tolerance: .elementwise(Self.tolerance))
  }

  /// Softmax is documented to normalize over the last dimension, also for an [H, W, C] input.
  @Test func softmaxOverAnImageNormalizesTheLastDimension() throws {
    let operation = OperationCase("softmax (image)", [3, 3, 4], batchSize: 2, .softmax)
    try expectExecutorsAgree(
      graph: operation.graph(prefix: .convolution(kernel: 3)), batchSize: operation.batchSize,
      seed: 29,
      tolerance: .elementwise(Self.tolerance))
  }
}
