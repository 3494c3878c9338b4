import Foundation
import TriscaleCore
import TriscaleData
import TriscaleEngine
import TriscaleGraph
import TriscaleInt8
import TriscaleTrain

/// Measures a model's top-1 accuracy and loss on a test split; its output is
/// the same model with those figures added to its card.
public enum EvaluateStage {
  /// The stage kind in pipeline files.
  public static let kind = "evaluate"

  /// `triscale evaluate`'s flags (the model file aside).
  public struct Configuration: StageConfiguration {
    /// The dataset whose test split is measured.
    public var data = DatasetConfiguration()
    /// Compute threads.
    public var threads = 2
    /// Images per batch (float models).
    public var batchSize = 250
    /// Test-time augmentation: none, or flip (float models).
    public var tta = "none"

    /// The defaults.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
      case threads
      case batchSize = "batch-size"
      case tta
    }

    /// Every key: the data's, threads, batch-size and tta.
    public static var keys: [String] {
      DatasetConfiguration.keys + CodingKeys.allCases.map(\.stringValue)
    }

    public init(from decoder: Decoder) throws {
      data = try DatasetConfiguration(from: decoder)
      let container = try decoder.container(keyedBy: CodingKeys.self)
      threads = try container.decodeIfPresent(Int.self, forKey: .threads) ?? 2
      batchSize = try container.decodeIfPresent(Int.self, forKey: .batchSize) ?? 250
      tta = try container.decodeIfPresent(String.self, forKey: .tta) ?? "none"
    }

    public func encode(to encoder: Encoder) throws {
      try data.encode(to: encoder)
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(threads, forKey: .threads)
      try container.encode(batchSize, forKey: .batchSize)
      try container.encode(tta, forKey: .tta)
    }

    public func validate() throws {
      try data.validate()
      guard threads > 0, threads <= 256 else {
        throw TriscaleError.invalidArgument(
          name: "--threads", problem: "\(threads) is outside 1...256", fix: "Use 1 or 2 here")
      }
      guard ["none", "flip"].contains(tta) else {
        throw TriscaleError.invalidArgument(
          name: "--tta", problem: "unknown test-time augmentation '\(tta)'", fix: "Use none or flip"
        )
      }
      guard batchSize > 0, batchSize <= 65536 else {
        throw TriscaleError.invalidArgument(
          name: "--batch-size", problem: "\(batchSize) is outside 1...65536",
          fix: "Use a batch such as 250")
      }
    }

    public func externalFingerprint() throws -> String { try data.fingerprint() }
  }

  /// Evaluates `input` on the test split.
  public static func run(
    _ configuration: Configuration, input: ModelArtifact, context: StageContext
  ) throws -> StageOutput {
    try configuration.validate()
    setComputeThreadCount(configuration.threads)
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
      guard configuration.tta == "none" else {
        throw TriscaleError.invalidArgument(
          name: "--tta", problem: "test-time augmentation is for float models",
          fix: "Evaluate the int8 model without --tta")
      }
      description = "\(model.name) (int8, \(Int8KernelChoice.detectedPath) kernels)"
      result = try Evaluator.evaluate(
        input.weights.inferenceModel(batchSize: 1), on: testSet, normalization: normalization)
    case .float(let graph, _):
      let flip = configuration.tta == "flip"
      let batch = min(configuration.batchSize, testSet.count)
      description = "\(graph.name) (fp32\(flip ? ", flip TTA" : ""))"
      result = try Evaluator.evaluate(
        input.weights.inferenceModel(batchSize: batch), on: testSet, normalization: normalization,
        batchSize: batch, mirrorAveraging: flip)
    }
    let seconds = Date().timeIntervalSince(started)
    let measured = Provenance.measured(
      host: context.host, date: ISO8601DateFormatter().string(from: Date()),
      command: context.command)
    let subject = testSet.name + (configuration.tta == "flip" ? " (flip TTA)" : "")
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
