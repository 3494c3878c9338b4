import Testing
import TriscaleCore
import TriscaleEngine
import TriscaleGraph

/// Runs `graph` on ``FloatExecutor`` (in `precision`) and the fp32
/// ``ReferenceExecutor`` from the same seeded parameters and images, and
/// expects the same inference output (from an inference-only and a training
/// executor), the same training output, the same moving statistics after the
/// training forward, and the same parameter gradients of `Σ output · weights`:
/// each tensor within `tolerance`, or, given a `gradientTolerance`, all
/// gradients concatenated into one vector within that.
func expectExecutorsAgree(
  graph: Graph, batchSize: Int, seed: UInt64, tolerance: Tolerance,
  gradientTolerance: Tolerance? = nil,
  precision: Precision = .fp32, sourceLocation: SourceLocation = #_sourceLocation
) throws {
  let parameters = TestValues.parameters(for: graph, seed: seed)
  let images = TestValues.uniform(
    batchSize * graph.inputShape.reduce(1, *), in: -1...1, seed: seed &+ 1)
  let fast = try FloatExecutor(
    graph: graph, batchSize: batchSize, training: true, precision: precision)
  let reference = try ReferenceExecutor(graph: graph, batchSize: batchSize)

  var fastParameters = parameters
  var referenceParameters = parameters
  let referenceInference = try reference.forward(
    images: images, parameters: &referenceParameters, training: false)
  let inferenceOnly = try FloatExecutor(
    graph: graph, batchSize: batchSize, training: false, precision: precision)
  for (executor, name) in [(inferenceOnly, "inference executor"), (fast, "training executor")] {
    let inference = try images.withUnsafeBufferPointer {
      try executor.forward(images: $0, parameters: &fastParameters, training: false)
    }
    expectClose(
      inference, referenceInference, tolerance: tolerance, "inference output (\(name))",
      sourceLocation: sourceLocation)
  }

  let stepSeed = seed &+ 2
  let training = try images.withUnsafeBufferPointer {
    try fast.forward(images: $0, parameters: &fastParameters, training: true, seed: stepSeed)
  }
  let referenceTraining = try reference.forward(
    images: images, parameters: &referenceParameters, training: true, seed: stepSeed)
  expectClose(
    training, referenceTraining, tolerance: tolerance, "training output",
    sourceLocation: sourceLocation)
  expectClose(
    fastParameters, referenceParameters, tolerance: tolerance,
    "parameters after a training forward",
    sourceLocation: sourceLocation)

  let weights = TestValues.uniform(training.count, in: -1...1, seed: seed &+ 3)
  let gradients = try fast.backward(outputGradient: weights)
  let referenceGradients = try reference.backward(outputGradient: weights)
  guard let gradientTolerance else {
    expectClose(
      gradients, referenceGradients, tolerance: tolerance, "gradient",
      sourceLocation: sourceLocation)
    return
  }
  let keys = referenceGradients.keys
  #expect(Set(gradients.keys) == Set(keys), "gradient: keys differ", sourceLocation: sourceLocation)
  expectClose(
    keys.flatMap { gradients[$0]?.storage ?? [] },
    keys.flatMap { referenceGradients[$0]?.storage ?? [] },
    tolerance: gradientTolerance, "all gradients", sourceLocation: sourceLocation)
}
