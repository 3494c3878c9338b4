import Foundation
import Testing
import TriscaleCore
import TriscaleData
import TriscaleEngine
import TriscaleGraph
import TriscaleTrain

/// Training with `--precision bf16|fp16`: gradients of the reduced-precision
/// step against fp32, the loss scaler on a real overflow, and whole runs.
@Suite struct MixedPrecisionTrainingTests {
  static let batch = 32

  /// A seeded batch of `batch` images in [-1, 1] with labels.
  static func batchValues(for graph: Graph) -> (images: [Float], labels: [Int32]) {
    var random = SeededRandom(seed: 7)
    let images = (0..<(batch * graph.inputShape.reduce(1, *))).map { _ in
      random.nextUniform() * 2 - 1
    }
    let labels = (0..<batch).map { Int32($0 % 10) }
    return (images, labels)
  }

  /// All gradients as one vector, in the graph's parameter order.
  static func flattened(_ gradients: ParameterStore, _ graph: Graph) -> [Float] {
    graph.parameterSpecs.filter(\.role.isTrainable).flatMap { gradients[$0.key]?.storage ?? [] }
  }

  static func relativeError(_ actual: [Float], _ expected: [Float]) -> Float {
    let difference = zip(actual, expected).reduce(Float(0)) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
    return (difference / expected.reduce(Float(0)) { $0 + $1 * $1 }).squareRoot()
  }

  /// fp16 keeps magnitudes down to about 6e-8 only, which is why fp16 runs
  /// scale the loss: the unscaled gradients of a loss scaled by 2^-12 lose
  /// most of their content (‖fp16 − fp32‖₂ > 0.5·‖fp32‖₂; seen 1.5), those of
  /// a loss scaled by 2^10 match fp32 within 4e-2 (seen 1.6e-2). bf16 has
  /// fp32's range: within 1e-1 at either scale (seen 4.4e-2). resnet8, batch 32.
  @Test func fp16NeedsLossScalingAndBF16DoesNot() throws {
    let graph = try ModelZoo.resnet8()
    let (images, labels) = Self.batchValues(for: graph)
    func gradients(_ precision: Precision, lossScale: Float) throws -> [Float] {
      let step = try GradientStep(
        graph: graph, microBatch: Self.batch, objective: CrossEntropyObjective(), seed: 1,
        precision: precision)
      var parameters = ParameterStore(initializing: graph, seed: 5)
      let output = try step.gradients(
        images: images, targets: TrainingTargets(labels: labels), parameters: &parameters, step: 0,
        lossScale: lossScale)
      return Self.flattened(output.gradients, graph).map { $0 / lossScale }
    }
    let reference = try gradients(.fp32, lossScale: 1)
    #expect(try Self.relativeError(gradients(.fp16, lossScale: 0x1p-12), reference) > 0.5)
    #expect(try Self.relativeError(gradients(.fp16, lossScale: 0x1p10), reference) <= 4e-2)
    for scale: Float in [0x1p-12, 0x1p10] {
      #expect(try Self.relativeError(gradients(.bf16, lossScale: scale), reference) <= 1e-1)
    }
  }

  /// A scale that pushes the loss gradient past fp16's 65504 overflows; the
  /// scaler skips that step and halves the scale.
  @Test func anOverflowingScaleIsSkippedAndHalved() throws {
    let graph = try ModelZoo.resnet8()
    let (images, labels) = Self.batchValues(for: graph)
    let step = try GradientStep(
      graph: graph, microBatch: Self.batch, objective: CrossEntropyObjective(), seed: 1,
      precision: .fp16)
    var parameters = ParameterStore(initializing: graph, seed: 5)
    var scaler = LossScaler(scale: 0x1p24)
    var gradients = try step.gradients(
      images: images, targets: TrainingTargets(labels: labels), parameters: &parameters, step: 0,
      lossScale: scaler.scale
    ).gradients
    let applied = scaler.unscale(&gradients)
    #expect(!applied)
    #expect(scaler.scale == 0x1p23)
    #expect(scaler.skippedSteps == 1)
  }

  /// Two epochs in each precision end with finite, moved weights; an fp16
  /// run's scaler state survives the checkpoint (resuming the finished run
  /// reports the same scale and skipped steps).
  @Test(arguments: Precision.allCases)
  func aRunTrainsAndCheckpointsItsScaler(_ precision: Precision) throws {
    var options = TrainingOptions()
    options.epochs = 2
    options.batchSize = 32
    options.precision = precision.rawValue
    options.seed = 3
    let graph = try ModelZoo.resnet8()
    let dataset = SyntheticDataset.standard(split: .train).prefix(128)
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "precision-\(UUID())")
    defer { try? FileManager.default.removeItem(at: directory) }
    func trainer() throws -> Trainer {
      try Trainer(
        options: options, graph: graph, trainSet: dataset, testSet: nil,
        normalization: .fit(dataset),
        checkpointPath: directory.appendingPathComponent("run.ckpt").path)
    }
    let first = try trainer()
    #expect(first.computePath.precision == precision)
    let result = try first.run(resume: false) { _ in }
    let initial = ParameterStore(initializing: graph, seed: 3)
    var moved = false
    for key in result.parameters.keys {
      let tensor = try #require(result.parameters[key])
      let finite = tensor.storage.allSatisfy { $0.isFinite }
      #expect(finite, "\(key)")
      if let start = initial[key], start.maxAbsDifference(tensor) > 1e-3 { moved = true }
    }
    #expect(moved)
    #expect((result.lossScale != nil) == (precision == .fp16))
    let resumed = try trainer().run(resume: true) { _ in }
    #expect(resumed.parameters == result.parameters)
    #expect(resumed.lossScale == result.lossScale)
    #expect(resumed.skippedSteps == result.skippedSteps)
  }

  @Test func anUnknownPrecisionIsRejected() {
    var options = TrainingOptions()
    options.precision = "fp8"
    let error = #expect(throws: TriscaleError.self) { try options.validate() }
    #expect(error?.description.contains("--precision") == true)
  }
}
