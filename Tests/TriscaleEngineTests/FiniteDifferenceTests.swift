import Testing
import TriscaleCore
import TriscaleEngine
import TriscaleGraph

/// Every operation's backward pass on ``FloatExecutor`` against central
/// finite differences of the loss `Σ output · weights` (training mode, so
/// batch norm differentiates through its batch statistics and dropout keeps
/// its seeded mask).
///
/// Each graph is input → 1x1 convolution "pre" → operation. "pre" starts as
/// the identity, so the operation sees ``TestValues/kinkFreeImages(batchSize:shape:seed:)``
/// unchanged, and its kernel gradient checks the operation's input gradient.
/// Step h = 1e-2 (fp32 forward passes, loss summed in `Double`); tolerance
/// |analytic − numeric| ≤ 2e-3 · max(1, |numeric|) (the largest error seen
/// is about 2e-4). A step moves "pre"'s
/// output by at most 0.074, less than the 0.15 distance of the images to any
/// kink, so ReLU, ReLU6 and max pooling stay on one side of their kinks.
@Suite struct FiniteDifferenceTests {
  static let step: Float = 1e-2
  static let tolerance = 2e-3
  /// Elements checked per parameter tensor (all of them when it has fewer).
  static let samplesPerTensor = 10

  @Test(arguments: OperationCase.all)
  func backwardMatchesFiniteDifferences(_ operation: OperationCase) throws {
    let graph = try operation.graph(prefix: .convolution(kernel: 1))
    let channels = operation.inputShape[2]
    var parameters = TestValues.parameters(for: graph, seed: 31)
    parameters["pre.kernel"] = Tensor(
      shape: [1, 1, channels, channels],
      storage: (0..<(channels * channels)).map { $0 / channels == $0 % channels ? 1 : 0 })
    parameters["pre.bias"] = Tensor(shape: [channels])
    let images = TestValues.kinkFreeImages(
      batchSize: operation.batchSize, shape: operation.inputShape, seed: 37)
    let executor = try FloatExecutor(graph: graph, batchSize: operation.batchSize, training: true)
    let weights = TestValues.uniform(
      operation.batchSize * graph.outputShape.reduce(1, *), in: -1...1, seed: 41)

    func loss(_ parameters: ParameterStore) throws -> Double {
      var copy = parameters
      let output = try images.withUnsafeBufferPointer {
        try executor.forward(images: $0, parameters: &copy, training: true, seed: 43)
      }
      return TestValues.weightedSum(output, weights)
    }

    _ = try loss(parameters)
    let analytic = try executor.backward(outputGradient: weights)
    var random = SeededRandom(seed: 47)
    for spec in graph.parameterSpecs where spec.role.isTrainable {
      guard let gradient = analytic[spec.key] else {
        Issue.record("no gradient for \(spec.key)")
        continue
      }
      let indices =
        spec.elementCount <= Self.samplesPerTensor
        ? Array(0..<spec.elementCount)
        : (0..<Self.samplesPerTensor).map { _ in random.nextInt(below: spec.elementCount) }
      for index in indices {
        var plus = parameters
        plus[spec.key]?.storage[index] += Self.step
        var minus = parameters
        minus[spec.key]?.storage[index] -= Self.step
        let numeric = try (loss(plus) - loss(minus)) / (2 * Double(Self.step))
        let error = abs(Double(gradient.storage[index]) - numeric)
        #expect(
          error <= Self.tolerance * max(1, abs(numeric)),
          "\(spec.key)[\(index)]: analytic \(gradient.storage[index]), numeric \(numeric)")
      }
    }
  }
}
