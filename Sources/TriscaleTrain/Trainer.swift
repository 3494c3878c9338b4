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

  /// Metadata key holding the options a checkpoint was written with.
  static let optionsKey = "training.options"

  public init(
    options: TrainingOptions, graph: Graph, trainSet: Dataset, testSet: Dataset?,
    normalization: Normalization,
    checkpointPath: String
  ) throws {
    try options.validate()
    guard trainSet.imageShape == graph.inputShape else {
      throw TriscaleError.invalidArgument(
        name: "dataset",
        problem: "images are \(trainSet.imageShape) but \(graph.name) expects \(graph.inputShape)",
        fix: "Choose a model whose input matches the dataset")
    }
    guard trainSet.classCount <= graph.outputShape.reduce(1, *) else {
      throw TriscaleError.invalidArgument(
        name: "dataset",
        problem:
          "\(trainSet.classCount) classes but \(graph.name) has \(graph.outputShape) outputs",
        fix: "Choose a model with enough output classes")
    }
    guard trainSet.count >= options.batchSize else {
      throw TriscaleError.invalidArgument(
        name: "--batch-size",
        problem: "\(options.batchSize) is larger than the \(trainSet.count) training images",
        fix: "Use a smaller batch")
    }
    self.options = options
    self.graph = graph
    self.trainSet = trainSet
    self.testSet = testSet
    self.normalization = normalization
    self.checkpointPath = checkpointPath
  }

  /// The outcome of a run.
  public struct Result: Sendable {
    /// The trained parameters (with batch-norm moving statistics).
    public var parameters: ParameterStore
    /// Test-set evaluation after the last epoch, when a test set was given.
    public var test: Evaluation?
    /// Wall time of this invocation, seconds.
    public var seconds: Double
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
      dataset: trainSet, batchSize: options.batchSize * options.accumulate, normalization: normalization,
      augmentation: options.augment ? Augmentation() : .none, shuffle: true, seed: options.seed,
      dropLast: true)
    let totalSteps = loader.stepsPerEpoch * options.epochs
    var parameters = ParameterStore(initializing: graph, seed: options.seed)
    var optimizer = try options.makeOptimizer()
    var epoch = 0
    var stepInEpoch = 0
    var globalStep = 0
    var resumed = false
    if resume, FileManager.default.fileExists(atPath: checkpointPath) {
      let checkpoint = try Checkpoint.load(path: checkpointPath)
      try checkCompatible(checkpoint)
      parameters = checkpoint.parameters
      try optimizer.load(state: checkpoint.optimizerState, stepCount: checkpoint.optimizerStepCount)
      (epoch, stepInEpoch, globalStep) = (
        checkpoint.epoch, checkpoint.stepInEpoch, checkpoint.globalStep
      )
      resumed = true
    }
    report(
      .started(
        epoch: epoch, step: stepInEpoch, totalEpochs: options.epochs,
        stepsPerEpoch: loader.stepsPerEpoch,
        resumed: resumed))
    let executor = try FloatExecutor(graph: graph, batchSize: options.batchSize, training: true)
    let runStart = Date()
    var stepsThisRun = 0
    var lastTest: Evaluation?
    func save() throws {
      try Checkpoint(
        graph: graph, parameters: parameters, metadata: [Trainer.optionsKey: optionsText],
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
        let output = try accumulatedGradients(of: batch, executor: executor, parameters: &parameters, step: globalStep)
        guard output.loss.isFinite else {
          throw TriscaleError.numerical(
            problem: "the loss became \(output.loss) at epoch \(epoch + 1), step \(stepInEpoch + 1)",
            fix: "Lower --learning-rate or add warmup to --schedule")
        }
        let gradients = output.gradients
        let rate = schedule.learningRate(
          base: options.learningRate, step: globalStep, totalSteps: totalSteps)
        try optimizer.step(parameters: &parameters, gradients: gradients, learningRate: rate)
        stepInEpoch += 1
        globalStep += 1
        stepsThisRun += 1
        lossSum += Double(output.loss) * Double(batch.count)
        correct += output.correct
        seen += batch.count
        let elapsed = Date().timeIntervalSince(runStart)
        let rateNow = Double(stepsThisRun * batch.count) / max(elapsed, 1e-9)
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
      lastTest = try testSet.map {
        try Evaluator.evaluate(
          graph: graph, parameters: parameters, dataset: $0, normalization: normalization)
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
    if lastTest == nil, let testSet {
      lastTest = try Evaluator.evaluate(
        graph: graph, parameters: parameters, dataset: testSet, normalization: normalization)
    }
    return Result(
      parameters: parameters, test: lastTest, seconds: Date().timeIntervalSince(started))
  }

  /// Loss, correct count and parameter gradients of one optimizer step's
  /// batch, computed over `accumulate` micro-batches and summed so that they
  /// equal those of the whole batch at once.
  private func accumulatedGradients(
    of batch: Batch, executor: FloatExecutor, parameters: inout ParameterStore, step: Int
  ) throws -> (loss: Float, correct: Int, gradients: ParameterStore) {
    let micro = options.batchSize
    let imageSize = graph.inputShape.reduce(1, *)
    let parts = batch.count / micro
    var total = ParameterStore()
    var loss: Float = 0
    var correct = 0
    for part in 0..<parts {
      let labels = Array(batch.labels[(part * micro)..<((part + 1) * micro)])
      let logits = try batch.images.withUnsafeBufferPointer { images in
        try executor.forward(
          images: UnsafeBufferPointer(rebasing: images[(part * micro * imageSize)..<((part + 1) * micro * imageSize)]),
          parameters: &parameters, training: true,
          seed: options.seed &* 0x9E37_79B9 &+ UInt64(step) &* 4096 &+ UInt64(part))
      }
      var output = try Loss.softmaxCrossEntropy(
        logits: Tensor(shape: [micro, executor.outputWidth], storage: logits), labels: labels,
        labelSmoothing: options.labelSmoothing)
      if parts > 1 {
        for index in 0..<output.gradient.count { output.gradient.storage[index] /= Float(parts) }
      }
      let gradients = try executor.backward(outputGradient: output.gradient.storage)
      if part == 0 {
        total = gradients
      } else {
        for key in gradients.keys {
          guard var sum = total[key], let add = gradients[key] else { continue }
          for index in 0..<sum.count { sum.storage[index] += add.storage[index] }
          total[key] = sum
        }
      }
      loss += output.loss / Float(parts)
      correct += output.correct
    }
    return (loss, correct, total)
  }

  private func checkCompatible(_ checkpoint: Checkpoint) throws {
    guard checkpoint.graph == graph else {
      throw TriscaleError.invalidFile(
        path: checkpointPath,
        problem: "the checkpoint holds '\(checkpoint.graph.name)', not '\(graph.name)'",
        fix: "Resume with the same --model, or delete the checkpoint to start over")
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
