import Testing
import TriscaleCore
import TriscaleEngine
import TriscaleGraph

/// Runs `graph` on ``FloatExecutor`` and ``ReferenceExecutor`` from the same
/// seeded parameters and images, and expects the same inference output (from
/// an inference-only and a training executor), the
/// same training output, the same moving statistics after the training
/// forward, and the same parameter gradients of `Σ output · weights`.
func expectExecutorsAgree(
  graph: Graph, batchSize: Int, seed: UInt64, tolerance: Float,
  sourceLocation: SourceLocation = #_sourceLocation
) throws {
  let parameters = TestValues.parameters(for: graph, seed: seed)
  let images = TestValues.uniform(
    batchSize * graph.inputShape.reduce(1, *), in: -1...1, seed: seed &+ 1)
  let fast = try FloatExecutor(graph: graph, batchSize: batchSize, training: true)
  let reference = try ReferenceExecutor(graph: graph, batchSize: batchSize)

  var fastParameters = parameters
  var referenceParameters = parameters
  let referenceInference = try reference.forward(
    images: images, parameters: &referenceParameters, training: false)
  let inferenceOnly = try FloatExecutor(graph: graph, batchSize: batchSize, training: false)
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
  expectClose(
    try fast.backward(outputGradient: weights), try reference.backward(outputGradient: weights),
    tolerance: tolerance, "gradient", sourceLocation: sourceLocation)
}
