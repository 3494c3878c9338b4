import Foundation
import TriscaleArtifact
import TriscaleCore
import TriscaleData
import TriscaleEngine
import TriscaleGraph
import TriscaleTrain

/// Trains a zoo model (or continues from an input model) on a dataset.
public enum TrainStage: Stage {
  /// The stage kind in pipeline files.
  public static let kind = "train"

  /// Threads and processes.
  public struct Processes: ConfigurationPart {
    /// Compute threads per process.
    public var threads = 2
    /// Data-parallel processes (`mpirun -np`); 1 trains in this process.
    public var ranks = 1
    /// An Open MPI host file for `ranks` > 1 (nil: all ranks on this host).
    public var hostfile: String?

    /// The defaults.
    public init() {}

    /// The keys, which are the command-line flag names.
    public enum CodingKeys: String, CodingKey, CaseIterable { case threads, ranks, hostfile }
  }

  /// `triscale train`'s flags: the recipe, the data, threads and processes.
  public struct Configuration: FlatConfiguration {
    /// The training recipe (model, epochs, optimizer, schedule, precision, …).
    public var training = TrainingOptions()
    /// The dataset.
    public var data = DatasetConfiguration()
    /// Threads and processes.
    public var processes = Processes()

    /// The defaults.
    public init() {}

    /// The recipe, the data, threads and processes.
    public static let parts = [
      PartAccess(\Configuration.training), PartAccess(\.data), PartAccess(\.processes),
    ]

    /// Checks the recipe, the data, threads and ranks.
    public func validate() throws {
      try training.validate()
      try data.validate()
      try Bounds.checkThreads(processes.threads)
      try Bounds.check(
        ranks, in: 1...1024, name: "ranks",
        fix: "Use 1 (this process) or the number of MPI processes")
    }

    /// The data's fingerprint: changed data files mean a new training run.
    public func externalFingerprint() throws -> String { try data.fingerprint() }
    /// The data-parallel processes asked for.
    public var ranks: Int { processes.ranks }
    /// The Open MPI host file asked for, if any.
    public var hostfile: String? { processes.hostfile }
  }

  /// Trains; `input` (optional) gives the initial graph and weights. Resumes
  /// from ``StageContext/checkpointPath`` when ``StageContext/resume`` is set.
  public static func run(
    _ configuration: Configuration, input start: ModelArtifact?, context: StageContext
  ) throws -> StageOutput {
    try train(
      configuration, from: start, context: context,
      lineage: (kind, configuration.canonicalJSON), objective: { _ in nil })
  }

  /// What an objective is made from: the data it trains on and how its images are normalized.
  struct ObjectiveInputs {
    /// The training set.
    var trainSet: Dataset
    /// The student's normalization.
    var normalization: Normalization
  }

  /// The body of a training stage: trains `configuration`'s model (or
  /// `start`'s graph and weights) minimizing the objective `objective`
  /// makes (nil: cross-entropy with the recipe's label smoothing), and
  /// records `lineage` (stage kind, configuration JSON) in the card.
  static func train(
    _ configuration: Configuration, from start: ModelArtifact?, context: StageContext,
    lineage: (kind: String, configuration: String),
    objective makeObjective: (ObjectiveInputs) throws -> (any TrainingObjective)?
  ) throws -> StageOutput {
    try configuration.validate()
    setComputeThreadCount(configuration.processes.threads)
    let trainSet = try configuration.data.load(.train)
    let testSet = try configuration.data.load(.test)
    let initial = try start?.floatModel(
      for: lineage.kind, fix: "Start from the float model the int8 model was quantized from")
    let graph =
      try initial?.graph
      ?? ModelZoo.graph(
        named: configuration.training.model, inputShape: trainSet.imageShape,
        classCount: trainSet.classCount)
    let normalization =
      start?.card.normalization ?? configuration.data.normalization(train: trainSet)
    let communicator = context.communicator
    context.report(
      .message(
        "\(lineage.kind): \(graph.name) (\(graph.trainableParameterCount) parameters) on \(trainSet.name): "
          + "\(trainSet.count) training, \(testSet.count) test images; "
          + "\(communicator.size) rank(s) × \(configuration.processes.threads) threads"))
    let objective = try makeObjective(
      ObjectiveInputs(trainSet: trainSet, normalization: normalization))
    let trainer = try Trainer(
      options: configuration.training, graph: graph, trainSet: trainSet, testSet: testSet,
      normalization: normalization, checkpointPath: context.checkpointPath,
      initialParameters: initial?.parameters, communicator: communicator, objective: objective)
    context.report(.message("\(lineage.kind): \(trainer.computePath)"))
    let result = try trainer.run(resume: context.resume) { context.report(.training($0)) }
    let measured = context.measured
    var record = StageRecord(kind: lineage.kind, seconds: result.seconds)
    if let test = result.test {
      record.metrics += Evaluation.metrics(test, on: testSet.name, provenance: measured)
      record.lines.append(
        String(
          format: "test accuracy %.2f%% on %d images (%@)", test.accuracy * 100, test.count,
          testSet.name))
    }
    record.metrics.append(
      Metric(
        name: "train_seconds", value: result.seconds, unit: "s",
        subject: "\(configuration.training.epochs) epochs, \(communicator.size) rank(s)",
        provenance: measured))
    if let scale = result.lossScale {
      record.lines.append(
        "fp16 loss scaling skipped \(result.skippedSteps) overflowed step(s); final scale \(scale)")
    }
    let card = ModelCard(
      architecture: graph.name, precision: "fp32", dataset: trainSet.name,
      normalization: normalization, inputShape: trainSet.imageShape,
      classCount: trainSet.classCount, classNames: trainSet.classNames,
      lineage: Lineage(
        parent: start?.id, stage: lineage.kind, configuration: lineage.configuration),
      metrics: record.metrics)
    return StageOutput(
      artifact: ModelArtifact(
        weights: .float(graph: graph, parameters: result.parameters), card: card),
      record: record)
  }
}
