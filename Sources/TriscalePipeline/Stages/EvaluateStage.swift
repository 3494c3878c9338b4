import Foundation
import TriscaleArtifact
import TriscaleCore
import TriscaleData
import TriscaleEngine
import TriscaleGraph
import TriscaleInt8
import TriscaleTrain

/// Measures a model's top-1 accuracy and loss on a test split; its output is
/// the same model with those figures added to its card.
public enum EvaluateStage: ModelInputStage {
  /// The stage kind in pipeline files.
  public static let kind = "evaluate"

  /// How to evaluate.
  public struct Settings: ConfigurationPart {
    /// Compute threads.
    public var threads = 2
    /// Images per batch (float models).
    public var batchSize = 250
    /// Test-time augmentation: none, or flip (float models).
    public var tta = "none"

    /// The defaults.
    public init() {}

    /// The keys, which are the command-line flag names.
    public enum CodingKeys: String, CodingKey, CaseIterable {
      case threads
      case batchSize = "batch-size"
      case tta
    }
  }

  /// `triscale evaluate`'s flags (the model file aside).
  public struct Configuration: FlatConfiguration {
    /// The dataset whose test split is measured.
    public var data = DatasetConfiguration()
    /// How to evaluate.
    public var settings = Settings()

    /// The defaults.
    public init() {}

    /// The data keys and threads, batch-size, tta.
    public static let parts = [PartAccess(\Configuration.data), PartAccess(\.settings)]

    /// Checks the data, threads, test-time augmentation and batch size.
    public func validate() throws {
      try data.validate()
      try Bounds.checkThreads(settings.threads)
      guard ["none", "flip"].contains(settings.tta) else {
        throw TriscaleError.invalidArgument(
          name: "--tta", problem: "unknown test-time augmentation '\(settings.tta)'",
          fix: "Use none or flip")
      }
      try Bounds.check(
        settings.batchSize, in: 1...65536, name: "--batch-size", fix: "Use a batch such as 250")
    }

    /// The data's fingerprint: new or changed test files mean a new measurement.
    public func externalFingerprint() throws -> String { try data.fingerprint() }
  }

  /// Evaluates `input` on the test split.
  public static func run(
    _ configuration: Configuration, input: ModelArtifact, context: StageContext
  ) throws -> StageOutput {
    try configuration.validate()
    setComputeThreadCount(configuration.settings.threads)
    let started = Date()
    let testSet = try configuration.data.load(.test)
    let normalization =
      try input.card.normalization
      ?? configuration.data.normalization(
        train: configuration.data.load(.train))
    let description: String
    let result: Evaluation
    switch input.weights {
    case .int8(let model):
      guard configuration.settings.tta == "none" else {
        throw TriscaleError.invalidArgument(
          name: "--tta", problem: "test-time augmentation is for float models",
          fix: "Evaluate the int8 model without --tta")
      }
      description = "\(model.name) (int8, \(Int8KernelChoice.detectedPath) kernels)"
      result = try Evaluator.evaluate(
        input.weights.inferenceModel(batchSize: 1), on: testSet, normalization: normalization)
    case .float(let graph, _):
      let flip = configuration.settings.tta == "flip"
      let batch = min(configuration.settings.batchSize, testSet.count)
      try ActivationMemory.check(
        batch: batch, flag: "--batch-size", graph: graph, training: false)
      description = "\(graph.name) (fp32\(flip ? ", flip TTA" : ""))"
      result = try Evaluator.evaluate(
        input.weights.inferenceModel(batchSize: batch), on: testSet, normalization: normalization,
        batchSize: batch, mirrorAveraging: flip)
    }
    let seconds = Date().timeIntervalSince(started)
    let measured = context.measured
    let subject = testSet.name + (configuration.settings.tta == "flip" ? " (flip TTA)" : "")
    let record = StageRecord(
      kind: kind, metrics: Evaluation.metrics(result, on: subject, provenance: measured),
      lines: [
        String(
          format: "%@ on %@: top-1 %.2f%% (%d images), loss %.4f, %.1f s", description,
          testSet.name, result.accuracy * 100, result.count, result.loss, seconds)
      ], seconds: seconds)
    var artifact = input
    artifact.card.metrics += record.metrics
    return StageOutput(artifact: artifact, record: record)
  }
}
