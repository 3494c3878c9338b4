import Foundation
import TriscaleArtifact
import TriscaleCore
import TriscaleData
import TriscaleEngine
import TriscaleGraph
import TriscaleInt8
import TriscaleOptimize
import TriscaleTrain

/// Quantizes a float model to full int8: post-training (calibrated) or
/// quantization-aware training.
public enum QuantizeStage: ModelInputStage {
  /// The stage kind in pipeline files.
  public static let kind = "quantize"

  /// How to quantize.
  public struct Quantization: FineTuningSettings {
    /// ptq (post-training) or qat (quantization-aware training).
    public var method = "ptq"
    /// minmax, percentile[:P] or mse.
    public var calibration = "minmax"
    /// Training images to calibrate on.
    public var calibrationImages = 500
    /// Also measure the float and int8 top-1 accuracy on the test split.
    public var evaluate = false

    /// The defaults.
    public init() {}

    /// Settings; every value not given keeps its default.
    public init(
      method: String = "ptq", calibration: String = "minmax", calibrationImages: Int = 500,
      evaluate: Bool = false
    ) {
      (self.method, self.calibration) = (method, calibration)
      (self.calibrationImages, self.evaluate) = (calibrationImages, evaluate)
    }

    /// The keys, which are the command-line flag names.
    public enum CodingKeys: String, CodingKey, CaseIterable {
      case method, calibration
      case calibrationImages = "calibration-images"
      case evaluate
    }

    /// Checks the method, calibration and image count.
    public func validate() throws {
      try Bounds.check(
        calibrationImages, in: 1...1_000_000, name: "--calibration-images",
        fix: "Use a few hundred images, e.g. 500 (an empty calibration set cannot set ranges)")
      guard ["ptq", "qat"].contains(method) else {
        throw TriscaleError.invalidArgument(
          name: "--method", problem: "unknown method '\(method)'",
          fix: "Use ptq or qat")
      }
      _ = try CalibrationMethod(parsing: calibration)
    }
  }

  /// `triscale quantize`'s flags: how to quantize, the QAT recipe, the data.
  public typealias Configuration = FineTuningStageConfiguration<Quantization>

  /// Quantizes `input`'s float model; with ``Configuration/evaluate`` also
  /// measures float and int8 accuracy.
  public static func run(
    _ configuration: Configuration, input: ModelArtifact, context: StageContext
  ) throws -> StageOutput {
    try configuration.validate()
    setComputeThreadCount(configuration.fineTune.threads)
    let started = Date()
    let float = try input.floatModel(
      for: "quantize",
      fix: "Quantize the float model it came from (a .tsm written by `triscale train`)")
    let quantization = configuration.settings
    let calibrationMethod = try CalibrationMethod(parsing: quantization.calibration)
    let calibrationSet = try configuration.data.load(.train)
    let normalization =
      input.card.normalization ?? configuration.data.normalization(train: calibrationSet)
    var model: Int8Model
    if quantization.method == "qat" {
      model = try QuantizationAwareTraining.train(
        graph: float.graph, parameters: float.parameters, trainSet: calibrationSet,
        testSet: try configuration.data.load(.test), normalization: normalization,
        options: configuration.fineTune.trainingOptions(model: float.graph.name),
        calibrationImages: quantization.calibrationImages, method: calibrationMethod,
        checkpointPath: context.checkpointPath
      ) { context.report(.training($0)) }.model
    } else {
      model = try PostTrainingQuantizer.quantize(
        graph: float.graph, parameters: float.parameters, calibration: calibrationSet,
        normalization: normalization, images: quantization.calibrationImages,
        method: calibrationMethod)
    }
    let measured = context.measured
    let arena = try Int8PreparedModel(model: model).memoryPlan.arenaByteCount
    var record = StageRecord(kind: kind)
    record.lines.append(
      String(
        format:
          "%@ → int8 (%@), weights %.1f KB int8 vs %.1f KB fp32, arena %d bytes (activations + scratch)",
        float.graph.name, model.metadata["calibration"] ?? quantization.calibration,
        Double(model.parameterByteCount) / 1024, Double(float.graph.fp32ByteCount) / 1024, arena))
    record.metrics += [
      Metric(
        name: "weight_bytes", value: Double(model.parameterByteCount), unit: "bytes",
        subject: "int8 weights, int32 biases, fp32 scales", provenance: measured),
      Metric(
        name: "arena_bytes", value: Double(arena), unit: "bytes",
        subject: "static arena: activations + kernel scratch (Triscale planner)",
        provenance: measured),
    ]
    if quantization.evaluate {
      let testSet = try configuration.data.load(.test)
      let floatResult = try Evaluator.evaluate(
        input.weights.inferenceModel(batchSize: min(250, testSet.count)), on: testSet,
        normalization: normalization)
      let int8Result = try Evaluator.evaluate(
        ModelArtifact.Weights.int8(model).inferenceModel(batchSize: 1), on: testSet,
        normalization: normalization)
      record.lines.append(
        Evaluation.comparison(("fp32", floatResult), ("int8", int8Result), on: testSet))
      record.metrics += Evaluation.metrics(int8Result, on: testSet.name, provenance: measured)
    }
    record.seconds = Date().timeIntervalSince(started)
    let card = input.card.derived(
      precision: "int8",
      lineage: Lineage(parent: input.id, stage: kind, configuration: configuration.canonicalJSON))
    var artifact = ModelArtifact(weights: .int8(model), card: card)
    artifact.card.metrics = record.metrics
    return StageOutput(artifact: artifact, record: record)
  }
}
