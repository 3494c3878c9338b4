import Foundation
import TriscaleCore
import TriscaleData
import TriscaleEngine
import TriscaleGraph

/// Trains a graph on a dataset with oneDNN, checkpointing atomically so that
/// a killed run resumes exactly where its last checkpoint left it.
///
/// Every random choice (initialization, shuffling, augmentation, dropout)
/// derives from ``TrainingOptions/seed`` and the step number, so a resumed run
/// ends with the same weights as an uninterrupted one (same thread count).
///
/// Activations are kept in ``TrainingOptions/precision``; parameters and the
/// optimizer stay fp32. fp16 runs scale the loss dynamically (``LossScaler``)
/// and skip the steps whose gradients overflowed.
public final class Trainer {
  /// The run's options.
  public let options: TrainingOptions
  /// The architecture being trained.
  public let graph: Graph
  private let trainSet: Dataset
  private let testSet: Dataset?
  private let normalization: Normalization
  /// Where checkpoints are written and resumed from.
  public let checkpointPath: String
  /// Enforced after every optimizer step (pruning masks), if any.
  public let constraint: ParameterConstraint?
  /// What the passes see instead of the master parameters (fake quantization), if any.
  public let forwardTransform: ForwardTransform?
  /// What training minimizes.
  public var objective: any TrainingObjective { gradientStep.objective }
  private let initialParameters: ParameterStore?
  private let communicator: Communicator
  private let gradientStep: GradientStep

  /// Which kernels training runs, and in which precision.
  public var computePath: ComputePath { gradientStep.computePath }

  /// Metadata key holding the options a checkpoint was written with.
  static let optionsKey = "training.options"

  /// A trainer of `graph` on `trainSet` (evaluated on `testSet` after every
  /// epoch) minimizing `objective` (by default cross-entropy with the
  /// options' label smoothing); throws when the options are invalid, the data
  /// does not match the graph, the global batch exceeds the training set or
  /// `initialParameters` do not fit the graph.
  public init(
    options: TrainingOptions, graph: Graph, trainSet: Dataset, testSet: Dataset?,
    normalization: Normalization,
    checkpointPath: String, initialParameters: ParameterStore? = nil,
    communicator: Communicator = SingleProcess(), constraint: ParameterConstraint? = nil,
    forwardTransform: ForwardTransform? = nil, objective: (any TrainingObjective)? = nil
  ) throws {
    try options.validate()
    for dataset in [trainSet] + (testSet.map { [$0] } ?? []) {
      try dataset.checkMatches(
        modelName: graph.name, inputShape: graph.inputShape,
        classCount: graph.outputShape.reduce(1, *))
    }
    try ActivationMemory.check(
      batch: options.batchSize, flag: "--batch-size", graph: graph, training: true)
    let globalBatch = options.batchSize * options.accumulate * communicator.size
    guard trainSet.count >= globalBatch else {
      throw TriscaleError.invalidArgument(
        name: "--batch-size",
        problem:
          "a global batch of \(globalBatch) (batch × accumulate × ranks) is larger than the \(trainSet.count) training images",
        fix: "Use a smaller batch, fewer accumulation steps or fewer ranks")
    }
    try initialParameters?.validate(against: graph)
    self.options = options
    self.graph = graph
    self.trainSet = trainSet
    self.testSet = testSet
    self.normalization = normalization
    self.checkpointPath = checkpointPath
    self.initialParameters = initialParameters
    self.communicator = communicator
    self.constraint = constraint
    self.forwardTransform = forwardTransform
    gradientStep = try GradientStep(
      graph: graph, microBatch: options.batchSize,
      objective: objective ?? CrossEntropyObjective(labelSmoothing: options.labelSmoothing),
      seed: options.seed,
      precision: options.activationPrecision)
  }

  /// Metadata key holding the number of ranks a checkpoint was written with.
  static let worldSizeKey = "training.world_size"
  /// Metadata keys holding an fp16 run's ``LossScaler`` state.
  static let lossScaleKey = "training.loss_scale"
  static let lossScaleGoodStepsKey = "training.loss_scale_good_steps"
  static let skippedStepsKey = "training.skipped_steps"

  /// The outcome of a run.
  public struct Result: Sendable {
    /// The trained parameters (with batch-norm moving statistics).
    public var parameters: ParameterStore
    /// Test-set evaluation after the last epoch, when a test set was given.
    public var test: Evaluation?
    /// Wall time of this invocation, seconds.
    public var seconds: Double
    /// The fp16 loss scale at the end (nil for fp32 and bf16 runs).
    public var lossScale: Float?
    /// fp16 steps skipped because a gradient overflowed, over the whole run
    /// (resumed parts included).
    public var skippedSteps = 0
  }

  private var optionsText: String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    return String(decoding: (try? encoder.encode(options)) ?? Data(), as: UTF8.self)
  }

  /// Trains to the configured number of epochs, resuming from the checkpoint
  /// when `resume` is set and one exists; `report` receives progress events.
  public func run(resume: Bool, report: (TrainingEvent) -> Void) throws -> Result {
    let started = Date()
    let schedule = try LearningRateSchedule(parsing: options.schedule)
    let loader = try BatchLoader(
      dataset: trainSet, batchSize: options.batchSize * options.accumulate,
      normalization: normalization,
      augmentation: options.augment ? Augmentation() : .none, shuffle: true, seed: options.seed,
      dropLast: true, shard: (communicator.rank, communicator.size),
      augmentationViews: objective.augmentationViews)
    let totalSteps = loader.stepsPerEpoch * options.epochs
    var parameters = initialParameters ?? ParameterStore(initializing: graph, seed: options.seed)
    var optimizer = try options.makeOptimizer()
    var epoch = 0
    var stepInEpoch = 0
    var globalStep = 0
    var resumed = false
    var scaler = options.activationPrecision == .fp16 ? LossScaler() : nil
    if resume, FileManager.default.fileExists(atPath: checkpointPath) {
      let checkpoint = try Checkpoint.load(path: checkpointPath)
      try checkCompatible(checkpoint)
      parameters = checkpoint.parameters
      try optimizer.load(state: checkpoint.optimizerState, stepCount: checkpoint.optimizerStepCount)
      (epoch, stepInEpoch, globalStep) = (
        checkpoint.epoch, checkpoint.stepInEpoch, checkpoint.globalStep
      )
      if scaler != nil, let scale = checkpoint.metadata[Trainer.lossScaleKey].flatMap(Float.init) {
        scaler = LossScaler(
          scale: scale,
          goodSteps: checkpoint.metadata[Trainer.lossScaleGoodStepsKey].flatMap { Int($0) } ?? 0,
          skippedSteps: checkpoint.metadata[Trainer.skippedStepsKey].flatMap { Int($0) } ?? 0)
      }
      resumed = true
    }
    try constraint?.apply(to: &parameters, step: globalStep, totalSteps: totalSteps)
    report(
      .started(
        epoch: epoch, step: stepInEpoch, totalEpochs: options.epochs,
        stepsPerEpoch: loader.stepsPerEpoch,
        resumed: resumed))
    let runStart = Date()
    var stepsThisRun = 0
    var lastTest: Evaluation?
    /// The current weights (as the forward pass sees them) scored on `testSet`.
    func evaluate(on testSet: Dataset) throws -> Evaluation {
      let model = try FloatInferenceModel(
        graph: graph,
        parameters: forwardTransform?.forwardParameters(from: parameters) ?? parameters,
        batchSize: min(250, max(testSet.count, 1)))
      return try Evaluator.evaluate(model, on: testSet, normalization: normalization)
    }
    func save() throws {
      defer { try? communicator.barrier() }
      guard communicator.rank == 0 else { return }
      var metadata = [
        Trainer.optionsKey: optionsText, Trainer.worldSizeKey: String(communicator.size),
      ]
      if let scaler {
        metadata[Trainer.lossScaleKey] = String(scaler.scale)
        metadata[Trainer.lossScaleGoodStepsKey] = String(scaler.goodSteps)
        metadata[Trainer.skippedStepsKey] = String(scaler.skippedSteps)
      }
      try Checkpoint(
        graph: graph, parameters: parameters, metadata: metadata,
        epoch: epoch,
        stepInEpoch: stepInEpoch, globalStep: globalStep, optimizerName: optimizer.name,
        optimizerStepCount: optimizer.stepCount, optimizerState: optimizer.state, seed: options.seed
      ).write(path: checkpointPath)
    }
    while epoch < options.epochs {
      let epochStart = Date()
      var lossSum = 0.0
      var correct = 0
      var seen = 0
      for batch in loader.batches(epoch: epoch, startingAt: stepInEpoch) {
        var passParameters = try forwardTransform?.forwardParameters(from: parameters) ?? parameters
        let output = try gradientStep.gradients(
          images: batch.images,
          targets: TrainingTargets(labels: batch.labels, indices: batch.indices, view: batch.view),
          parameters: &passParameters, step: globalStep,
          lossScale: scaler?.scale ?? 1)
        if forwardTransform == nil {
          parameters = passParameters
        } else {
          // Keep the batch-norm statistics the pass updated; weights stay the master copies.
          for spec in graph.parameterSpecs where !spec.role.isTrainable {
            parameters[spec.key] = passParameters[spec.key]
          }
        }
        guard output.loss.isFinite else {
          throw TriscaleError.numerical(
            problem:
              "the loss became \(output.loss) at epoch \(epoch + 1), step \(stepInEpoch + 1)",
            fix: "Lower --learning-rate or add warmup to --schedule")
        }
        var gradients = output.gradients
        var counts = [
          Double(output.loss) * Double(batch.count), Double(output.correct), Double(batch.count),
        ]
        if communicator.size > 1 {
          try communicator.average(&gradients)
          try averageBatchNormStatistics(&parameters)
          try communicator.sum(&counts)
        }
        let rate = schedule.learningRate(
          base: options.learningRate, step: globalStep, totalSteps: totalSteps)
        // Every rank sees the same averaged gradients, so all skip an overflowed step together.
        if scaler?.unscale(&gradients) ?? true {
          try optimizer.step(parameters: &parameters, gradients: gradients, learningRate: rate)
        }
        try constraint?.apply(to: &parameters, step: globalStep + 1, totalSteps: totalSteps)
        stepInEpoch += 1
        globalStep += 1
        stepsThisRun += 1
        lossSum += counts[0]
        correct += Int(counts[1])
        seen += Int(counts[2])
        let elapsed = Date().timeIntervalSince(runStart)
        let rateNow = Double(stepsThisRun * Int(counts[2])) / max(elapsed, 1e-9)
        report(
          .step(
            StepProgress(
              epoch: epoch, step: stepInEpoch, stepsPerEpoch: loader.stepsPerEpoch,
              totalEpochs: options.epochs,
              loss: lossSum / Double(seen), accuracy: Double(correct) / Double(seen),
              learningRate: rate,
              samplesPerSecond: rateNow,
              remainingSeconds: Double(totalSteps - globalStep) * elapsed / Double(stepsThisRun))))
        if options.checkpointEvery > 0, stepInEpoch % options.checkpointEvery == 0,
          stepInEpoch < loader.stepsPerEpoch
        {
          try save()
        }
      }
      let trainSeconds = Date().timeIntervalSince(epochStart)
      lastTest = try testSet.flatMap {
        guard communicator.rank == 0 else { return nil }
        return try evaluate(on: $0)
      }
      epoch += 1
      stepInEpoch = 0
      try save()
      report(
        .epochFinished(
          EpochSummary(
            epoch: epoch - 1, totalEpochs: options.epochs,
            trainLoss: lossSum / Double(max(seen, 1)),
            trainAccuracy: Double(correct) / Double(max(seen, 1)), test: lastTest,
            seconds: Date().timeIntervalSince(epochStart),
            samplesPerSecond: Double(seen) / max(trainSeconds, 1e-9))))
    }
    if lastTest == nil, communicator.rank == 0, let testSet {
      lastTest = try evaluate(on: testSet)
    }
    return Result(
      parameters: parameters, test: lastTest, seconds: Date().timeIntervalSince(started),
      lossScale: scaler?.scale,
      skippedSteps: scaler?.skippedSteps ?? 0)
  }

  /// Replaces every rank's batch-norm moving statistics by their mean, so the
  /// ranks' models stay identical although each normalizes its own shard.
  private func averageBatchNormStatistics(_ parameters: inout ParameterStore) throws {
    var statistics = ParameterStore()
    for spec in graph.parameterSpecs where !spec.role.isTrainable {
      statistics[spec.key] = parameters[spec.key]
    }
    guard !statistics.keys.isEmpty else { return }
    try communicator.average(&statistics)
    for key in statistics.keys { parameters[key] = statistics[key] }
  }

  private func checkCompatible(_ checkpoint: Checkpoint) throws {
    guard checkpoint.graph == graph else {
      throw TriscaleError.invalidFile(
        path: checkpointPath,
        problem: "the checkpoint holds '\(checkpoint.graph.name)', not '\(graph.name)'",
        fix: "Resume with the same --model, or delete the checkpoint to start over")
    }
    guard checkpoint.metadata[Trainer.worldSizeKey] ?? "1" == String(communicator.size) else {
      throw TriscaleError.invalidFile(
        path: checkpointPath,
        problem:
          "the checkpoint was written by \(checkpoint.metadata[Trainer.worldSizeKey] ?? "1") ranks, this run has \(communicator.size)",
        fix:
          "Resume with the same number of processes (mpirun -np), or delete the checkpoint to start over"
      )
    }
    guard checkpoint.metadata[Trainer.optionsKey] == optionsText else {
      throw TriscaleError.invalidFile(
        path: checkpointPath,
        problem:
          "the checkpoint was written with different training options (\(checkpoint.metadata[Trainer.optionsKey] ?? "none"))",
        fix: "Resume with the same flags, or delete the checkpoint to start over")
    }
  }
}
