import Foundation
import TriscaleArtifact
import TriscaleCore
import TriscaleData
import TriscaleEngine
import TriscaleGraph
import TriscaleOptimize
import TriscaleTrain

/// Prunes a float model — magnitude (unstructured) or structured (channels) —
/// and fine-tunes it.
public enum PruneStage: ModelInputStage {
  /// The stage kind in pipeline files.
  public static let kind = "prune"

  /// How to prune.
  public struct Pruning: FineTuningSettings {
    /// magnitude (unstructured) or structured (channels).
    public var method = "magnitude"
    /// magnitude: the fraction of kernel weights to remove, in [0, 1).
    public var sparsity = 0.8
    /// magnitude: layer (each kernel to the same sparsity) or global.
    public var scope = "layer"
    /// magnitude: constant or polynomial[:RAMP].
    public var sparsitySchedule = "polynomial:0.6"
    /// structured: the fraction of the original MACs to keep, in (0, 1].
    public var targetMacs = 0.5
    /// structured: channel ranking, l1, l2 or bn.
    public var criterion = "l1"
    /// structured: prune to fit this microcontroller budget (the int8
    /// project's arena, flash and MACs, as `triscale search` measures them)
    /// instead of to ``targetMacs``.
    public var budget: SearchBudget?

    /// The defaults.
    public init() {}

    /// Settings; every value not given keeps its default.
    public init(
      method: String = "magnitude", sparsity: Double = 0.8, scope: String = "layer",
      sparsitySchedule: String = "polynomial:0.6", targetMacs: Double = 0.5,
      criterion: String = "l1", budget: SearchBudget? = nil
    ) {
      (self.method, self.sparsity, self.scope) = (method, sparsity, scope)
      (self.sparsitySchedule, self.targetMacs, self.criterion) = (
        sparsitySchedule, targetMacs, criterion
      )
      self.budget = budget
    }

    /// The keys, which are the command-line flag names.
    public enum CodingKeys: String, CodingKey, CaseIterable {
      case method, sparsity, scope
      case sparsitySchedule = "sparsity-schedule"
      case targetMacs = "target-macs"
      case criterion, budget
    }

    /// Checks the method, scope, sparsity in [0, 1), target MACs in (0, 1],
    /// schedule and criterion.
    public func validate() throws {
      guard ["magnitude", "structured"].contains(method) else {
        throw TriscaleError.invalidArgument(
          name: "--method", problem: "unknown pruning method '\(method)'",
          fix: "Use magnitude or structured")
      }
      guard MagnitudePruner.Scope(rawValue: scope) != nil else {
        throw TriscaleError.invalidArgument(
          name: "--scope", problem: "unknown scope '\(scope)'", fix: "Use layer or global")
      }
      try Bounds.check(sparsity, in: 0..<1, name: "--sparsity", fix: "Use a fraction such as 0.8")
      try Bounds.checkPositive(
        targetMacs, atMost: 1, name: "--target-macs", fix: "Use a fraction such as 0.5")
      _ = try SparsitySchedule(parsing: sparsitySchedule)
      _ = try ChannelPruner.Criterion(parsing: criterion)
      if budget != nil, method != "structured" {
        throw TriscaleError.invalidArgument(
          name: "--budget", problem: "a budget needs structured pruning",
          fix: "Add --method structured, or leave --budget out")
      }
    }
  }

  /// `triscale prune`'s flags: how to prune, the fine-tuning recipe, the data.
  public typealias Configuration = FineTuningStageConfiguration<Pruning>

  /// Prunes `input`'s float model, fine-tunes it (checkpointing to
  /// ``StageContext/checkpointPath``) and measures both on the test split.
  public static func run(
    _ configuration: Configuration, input: ModelArtifact, context: StageContext
  ) throws -> StageOutput {
    try configuration.validate()
    let started = Date()
    setComputeThreadCount(configuration.fineTune.threads)
    let original = try input.floatModel(
      for: "prune", fix: "Prune the float model, then quantize the pruned model")
    var (graph, parameters) = original
    var record = StageRecord(kind: kind)
    var constraint: MagnitudePruner?
    let pruning = configuration.settings
    let trainSet = try configuration.data.load(.train)
    let testSet = try configuration.data.load(.test)
    let normalization =
      input.card.normalization ?? configuration.data.normalization(train: trainSet)
    if pruning.method == "magnitude" {
      constraint = try MagnitudePruner(
        graph: graph, sparsity: pruning.sparsity,
        scope: MagnitudePruner.Scope(rawValue: pruning.scope) ?? .layer,
        schedule: SparsitySchedule(parsing: pruning.sparsitySchedule))
    } else if let budget = pruning.budget {
      let result = try BudgetPruner(
        budget: budget, criterion: ChannelPruner.Criterion(parsing: pruning.criterion)
      ).prune(
        graph: graph, parameters: parameters, calibration: trainSet.prefix(64),
        normalization: normalization)
      (graph, parameters) = (result.pruned.graph, result.pruned.parameters)
      record.lines.append(
        "removed \(result.pruned.removedChannels) of \(result.pruned.originalChannels) channels to fit \(budget): "
          + "arena \(result.before.arenaBytes) → \(result.after.arenaBytes) B, flash \(result.before.flashBytes) → \(result.after.flashBytes) B, "
          + "MACs \(result.before.macs) → \(result.after.macs) (the int8 project's figures on \(budget.target.rawValue))"
      )
      record.metrics += [
        Metric(
          name: "arena_bytes", value: Double(result.after.arenaBytes), unit: "bytes",
          subject: "int8 project on \(budget.target.rawValue)", provenance: context.measured),
        Metric(
          name: "flash_bytes", value: Double(result.after.flashBytes), unit: "bytes",
          subject: "int8 project on \(budget.target.rawValue), code allowance included",
          provenance: context.measured),
      ]
    } else {
      let pruned = try ChannelPruner(
        criterion: ChannelPruner.Criterion(parsing: pruning.criterion)
      )
      .prune(graph: graph, parameters: parameters, keepMACs: pruning.targetMacs)
      (graph, parameters) = (pruned.graph, pruned.parameters)
      record.lines.append(
        String(
          format: "removed %d of %d channels; MACs %.2f M → %.2f M (%.0f%%)",
          pruned.removedChannels, pruned.originalChannels,
          Double(original.graph.multiplyAccumulates) / 1e6, Double(graph.multiplyAccumulates) / 1e6,
          100 * Double(graph.multiplyAccumulates) / Double(original.graph.multiplyAccumulates)))
    }
    if configuration.fineTune.epochs > 0 {
      let trainer = try Trainer(
        options: configuration.fineTune.trainingOptions(model: graph.name), graph: graph,
        trainSet: trainSet, testSet: testSet, normalization: normalization,
        checkpointPath: context.checkpointPath, initialParameters: parameters,
        constraint: constraint)
      parameters = try trainer.run(resume: context.resume) { context.report(.training($0)) }
        .parameters
    } else {
      try constraint?.apply(to: &parameters, step: 1, totalSteps: 1)
    }
    let batch = min(250, testSet.count)
    let before = try Evaluator.evaluate(
      input.weights.inferenceModel(batchSize: batch), on: testSet, normalization: normalization)
    let after = try Evaluator.evaluate(
      ModelArtifact.Weights.float(graph: graph, parameters: parameters).inferenceModel(
        batchSize: batch), on: testSet, normalization: normalization)
    let measured = context.measured
    let originalSize = SparseSize(graph: original.graph, parameters: original.parameters)
    let size = SparseSize(graph: graph, parameters: parameters)
    if let constraint {
      record.lines.append(
        String(
          format: "kernel sparsity %.1f%% (%.1f%% of all parameters zero)",
          constraint.measuredSparsity(of: parameters) * 100,
          Double(size.zeroCount) / Double(size.parameterCount) * 100))
    }
    record.lines.append(
      String(
        format:
          "size dense fp32 %.1f KB → %.1f KB dense, %.1f KB compressed (bitmap + nonzeros) = %.2fx the dense original",
        Double(originalSize.denseBytes) / 1024, Double(size.denseBytes) / 1024,
        Double(size.sparseBytes) / 1024, Double(size.sparseBytes) / Double(originalSize.denseBytes))
    )
    record.lines.append(
      Evaluation.comparison(("original", before), ("pruned", after), on: testSet))
    record.metrics += Evaluation.metrics(after, on: testSet.name, provenance: measured)
    record.metrics += [
      Metric(
        name: "weight_bytes", value: Double(size.denseBytes), unit: "bytes",
        subject: "fp32, dense", provenance: measured),
      Metric(
        name: "compressed_weight_bytes", value: Double(size.sparseBytes), unit: "bytes",
        subject: "fp32, bitmap + nonzeros", provenance: measured),
      Metric(
        name: "macs", value: Double(graph.multiplyAccumulates), unit: "MACs",
        subject: "one image", provenance: measured),
    ]
    record.seconds = Date().timeIntervalSince(started)
    let card = input.card.derived(
      architecture: graph.name,
      lineage: Lineage(parent: input.id, stage: kind, configuration: configuration.canonicalJSON))
    var artifact = ModelArtifact(
      weights: .float(graph: graph, parameters: parameters), card: card)
    artifact.card.metrics = record.metrics
    return StageOutput(artifact: artifact, record: record)
  }
}
