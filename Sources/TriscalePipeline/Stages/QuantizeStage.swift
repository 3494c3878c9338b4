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

  /// The key naming the teacher of quantization-aware distillation: a stage
  /// above this one in a pipeline (or a model file).
  public static let modelReferenceKeys = [DistillationOptions.CodingKeys.teacher.stringValue]

  /// `triscale quantize`'s flags: how to quantize, the QAT recipe, the data
  /// and, optionally, a teacher whose soft targets QAT learns from.
  public struct Configuration: FlatConfiguration {
    /// How to quantize.
    public var settings = Quantization()
    /// The QAT recipe.
    public var fineTune = FineTuneConfiguration()
    /// The dataset calibrated, fine-tuned and measured on.
    public var data = DatasetConfiguration()
    /// A teacher for QAT (empty `teacher`: none, QAT learns the labels).
    public var distillation = DistillationOptions()

    /// The defaults.
    public init() {}

    /// A configuration of the given parts (no teacher unless one is given).
    public init(
      settings: Quantization, fineTune: FineTuneConfiguration, data: DatasetConfiguration,
      distillation: DistillationOptions = DistillationOptions()
    ) {
      (self.settings, self.fineTune, self.data, self.distillation) = (
        settings, fineTune, data, distillation
      )
    }

    /// The stage's keys, the QAT recipe's, the data's and the teacher's.
    public static let parts = [
      PartAccess(\Configuration.settings), PartAccess(\.fineTune), PartAccess(\.data),
      PartAccess(\.distillation),
    ]

    /// Whether QAT learns from a teacher.
    public var distills: Bool { !distillation.teacher.isEmpty }

    /// Checks every part; a teacher needs `--method qat`.
    public func validate() throws {
      try settings.validate()
      try fineTune.validate()
      try data.validate()
      guard distills else { return }
      try distillation.validate()
      guard settings.method == "qat", fineTune.epochs > 0 else {
        throw TriscaleError.invalidArgument(
          name: "--teacher",
          problem: "a teacher is only used by quantization-aware training, which is not asked for",
          fix: "Add --method qat with --epochs 1 or more, or drop --teacher")
      }
    }

    /// The data files' identity (a teacher given as a stage is part of the
    /// cache key already).
    public func externalFingerprint() throws -> String { try data.fingerprint() }
  }

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
    var record = StageRecord(kind: kind)
    if quantization.method == "qat" {
      let recipe = try configuration.fineTune.trainingOptions(model: float.graph.name)
      var objective: DistillationObjective?
      if configuration.distills {
        let options = configuration.distillation
        let teacher = try DistillStage.teacher(options, context: context)
        let logits = try DistillStage.teacherLogits(
          of: teacher, options: options, recipe: recipe, data: configuration.data,
          trainSet: calibrationSet, studentNormalization: normalization, context: context)
        objective = try DistillationObjective(
          teacher: logits.logits, temperature: options.temperature,
          weight: options.distillationWeight, labelSmoothing: recipe.labelSmoothing)
        record.lines.append(
          DistillStage.summary(teacher: teacher, options: options, cached: logits.description))
      }
      model = try QuantizationAwareTraining.train(
        graph: float.graph, parameters: float.parameters, trainSet: calibrationSet,
        testSet: try configuration.data.load(.test), normalization: normalization,
        options: recipe, calibrationImages: quantization.calibrationImages,
        method: calibrationMethod, objective: objective, checkpointPath: context.checkpointPath
      ) { context.report(.training($0)) }.model
    } else {
      model = try PostTrainingQuantizer.quantize(
        graph: float.graph, parameters: float.parameters, calibration: calibrationSet,
        normalization: normalization, images: quantization.calibrationImages,
        method: calibrationMethod)
    }
    let measured = context.measured
    let arena = try Int8PreparedModel(model: model).memoryPlan.arenaByteCount
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
