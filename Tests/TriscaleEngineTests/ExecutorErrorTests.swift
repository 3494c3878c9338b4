import Testing
import TriscaleCore
import TriscaleEngine
import TriscaleGraph

/// Misuse of the executors throws a ``TriscaleError`` instead of crashing.
@Suite struct ExecutorErrorTests {
  let graph: Graph
  let batchSize = 2

  init() throws {
    graph = try OperationCase.denseWithBias.graph(prefix: .convolution(kernel: 3))
  }

  var imageCount: Int { batchSize * graph.inputShape.reduce(1, *) }

  /// Runs `body` and expects it to throw a `TriscaleError` whose message names `subject`.
  func expectError(
    naming subject: String, _ body: () throws -> Void,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let error = #expect(throws: TriscaleError.self, sourceLocation: sourceLocation) { try body() }
    #expect(
      error?.description.contains(subject) == true, "\(String(describing: error))",
      sourceLocation: sourceLocation)
  }

  @Test func floatExecutorRejectsAWrongInputSize() throws {
    let executor = try FloatExecutor(graph: graph, batchSize: batchSize, training: true)
    var parameters = TestValues.parameters(for: graph, seed: 1)
    for count in [imageCount - 1, imageCount + 5, 0] {
      let images = [Float](repeating: 0.5, count: count)
      expectError(naming: "input") {
        _ = try images.withUnsafeBufferPointer {
          try executor.forward(images: $0, parameters: &parameters, training: true)
        }
      }
    }
  }

  @Test func floatExecutorRejectsMisuse() throws {
    expectError(naming: "batch size") {
      _ = try FloatExecutor(graph: graph, batchSize: 0, training: true)
    }
    let inference = try FloatExecutor(graph: graph, batchSize: batchSize, training: false)
    var parameters = TestValues.parameters(for: graph, seed: 1)
    let images = [Float](repeating: 0.5, count: imageCount)
    expectError(naming: "executor") {
      _ = try images.withUnsafeBufferPointer {
        try inference.forward(images: $0, parameters: &parameters, training: true)
      }
    }
    expectError(naming: "executor") { _ = try inference.backward(outputGradient: [0]) }
    let training = try FloatExecutor(graph: graph, batchSize: batchSize, training: true)
    expectError(naming: "output gradient") { _ = try training.backward(outputGradient: [1, 2, 3]) }
  }

  @Test func floatExecutorRejectsAParameterOfTheWrongShape() throws {
    let executor = try FloatExecutor(graph: graph, batchSize: batchSize, training: false)
    var parameters = TestValues.parameters(for: graph, seed: 1)
    parameters["op.kernel"] = Tensor(shape: [2, 2])
    let images = [Float](repeating: 0.5, count: imageCount)
    expectError(naming: "op.kernel") {
      _ = try images.withUnsafeBufferPointer {
        try executor.forward(images: $0, parameters: &parameters, training: false)
      }
    }
  }

  @Test func referenceExecutorRejectsMisuse() throws {
    expectError(naming: "batch size") { _ = try ReferenceExecutor(graph: graph, batchSize: -1) }
    let executor = try ReferenceExecutor(graph: graph, batchSize: batchSize)
    var parameters = TestValues.parameters(for: graph, seed: 1)
    expectError(naming: "input") {
      _ = try executor.forward(images: [1, 2], parameters: &parameters, training: true)
    }
    let images = [Float](repeating: 0.5, count: imageCount)
    _ = try executor.forward(images: images, parameters: &parameters, training: false)
    expectError(naming: "training forward") { _ = try executor.backward(outputGradient: [0]) }
    _ = try executor.forward(images: images, parameters: &parameters, training: true)
    expectError(naming: "output gradient") { _ = try executor.backward(outputGradient: [1, 2, 3]) }
    parameters["op.kernel"] = Tensor(shape: [2, 2])
    expectError(naming: "op.kernel") {
      _ = try executor.forward(images: images, parameters: &parameters, training: false)
    }
  }
}
