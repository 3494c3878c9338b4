import Foundation
import TriscaleCore
import TriscaleData
import TriscaleEngine
import TriscaleGraph
import TriscaleTrain

/// The search's fitness: a few epochs of training on a subset of the
/// training set with the ordinary ``Trainer``, then top-1 on a held-out
/// slice of the training set (never the test set). Every candidate trains
/// with the same seed, so all of them see the same batches in the same order.
struct ProxyTraining {
  /// The images trained on (the first of the training set).
  var trainSet: Dataset
  /// The held-out images scored on (the last of the training set).
  var validationSet: Dataset
  /// Their normalization.
  var normalization: Normalization
  /// Passes over ``trainSet``.
  var epochs: Int
  /// Seed of initialization and shuffling.
  var seed: UInt64
  /// The trainer's checkpoint file, removed after each candidate.
  var checkpointPath: String

  /// The images per step: 64, or all of a smaller subset.
  var batchSize: Int { min(64, trainSet.count) }

  /// The recipe: SGD with Nesterov momentum at 0.1 on a one-cycle schedule
  /// rising over the first 20% of steps, label smoothing 0.1, no
  /// augmentation (too few epochs to pay for it).
  var options: TrainingOptions {
    TrainingOptions(
      model: "", epochs: epochs, batchSize: batchSize, learningRate: 0.1,
      schedule: "onecycle:peak=0.2", labelSmoothing: 0.1, augment: false, seed: seed)
  }

  /// Trains `graph` from fresh weights and returns its top-1 on ``validationSet``.
  func accuracy(of graph: Graph) throws -> Double {
    var options = options
    options.model = graph.name
    defer { try? FileManager.default.removeItem(atPath: checkpointPath) }
    let trainer = try Trainer(
      options: options, graph: graph, trainSet: trainSet, testSet: nil,
      normalization: normalization, checkpointPath: checkpointPath)
    let result = try trainer.run(resume: false) { _ in }
    let model = try FloatInferenceModel(
      graph: graph, parameters: result.parameters, batchSize: min(250, validationSet.count))
    return try Evaluator.evaluate(
      model, on: validationSet, normalization: normalization,
      batchSize: min(250, validationSet.count)
    ).accuracy
  }
}
