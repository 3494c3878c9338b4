import TriscaleCore
import TriscaleGraph

/// Everything needed to resume training exactly where it stopped: the model,
/// the optimizer's memory and the position in the run.
///
/// Stored as a ``ModelFile`` (so `triscale` tools can also read it as a
/// model): optimizer state in ``ModelFile/extraTensors``, counters in metadata
/// keys starting with `checkpoint.`, written atomically.
public struct Checkpoint: Equatable, Sendable {
  /// The network.
  public var graph: Graph
  /// The weights, batch-norm moving statistics included.
  public var parameters: ParameterStore
  /// Training metadata carried into the final model (dataset, normalization...).
  public var metadata: [String: String]
  /// The zero-based epoch in progress.
  public var epoch: Int
  /// Steps completed within ``epoch``.
  public var stepInEpoch: Int
  /// Steps completed since training began (drives the learning-rate schedule).
  public var globalStep: Int
  /// ``Optimizer/name`` of the optimizer that produced ``optimizerState``.
  public var optimizerName: String
  /// ``Optimizer/stepCount`` at the time of the checkpoint.
  public var optimizerStepCount: Int
  /// ``Optimizer/state`` at the time of the checkpoint.
  public var optimizerState: ParameterStore
  /// The seed of the run; data order and augmentation are derived from it and the epoch.
  public var seed: UInt64
  /// The best validation accuracy seen so far, if any was measured.
  public var bestAccuracy: Float?

  /// A checkpoint over the given parts.
  public init(
    graph: Graph, parameters: ParameterStore, metadata: [String: String] = [:], epoch: Int,
    stepInEpoch: Int,
    globalStep: Int, optimizerName: String, optimizerStepCount: Int, optimizerState: ParameterStore,
    seed: UInt64,
    bestAccuracy: Float? = nil
  ) {
    self.graph = graph
    self.parameters = parameters
    self.metadata = metadata
    self.epoch = epoch
    self.stepInEpoch = stepInEpoch
    self.globalStep = globalStep
    self.optimizerName = optimizerName
    self.optimizerStepCount = optimizerStepCount
    self.optimizerState = optimizerState
    self.seed = seed
    self.bestAccuracy = bestAccuracy
  }

  /// The metadata keys a checkpoint adds to its model file.
  enum Key {
    static let prefix = "checkpoint."
    static let epoch = prefix + "epoch"
    static let stepInEpoch = prefix + "step_in_epoch"
    static let globalStep = prefix + "global_step"
    static let optimizer = prefix + "optimizer"
    static let optimizerStepCount = prefix + "optimizer_step_count"
    static let seed = prefix + "seed"
    static let bestAccuracy = prefix + "best_accuracy"
  }

  /// The checkpoint as a model file.
  public var modelFile: ModelFile {
    var fileMetadata = metadata.filter { !$0.key.hasPrefix(Key.prefix) }
    fileMetadata[Key.epoch] = String(epoch)
    fileMetadata[Key.stepInEpoch] = String(stepInEpoch)
    fileMetadata[Key.globalStep] = String(globalStep)
    fileMetadata[Key.optimizer] = optimizerName
    fileMetadata[Key.optimizerStepCount] = String(optimizerStepCount)
    fileMetadata[Key.seed] = String(seed)
    fileMetadata[Key.bestAccuracy] = bestAccuracy.map { String($0) }
    return ModelFile(
      graph: graph, parameters: parameters, metadata: fileMetadata, extraTensors: optimizerState)
  }

  /// The checkpoint stored in `file`, read from `path` (named in errors).
  public init(_ file: ModelFile, path: String) throws {
    func value<Value: LosslessStringConvertible>(_ key: String, as _: Value.Type) throws -> Value {
      guard let text = file.metadata[key], let value = Value(text) else {
        throw TriscaleError.invalidFile(
          path: path, problem: "checkpoint field '\(key)' is missing or malformed",
          fix: "Resume from a checkpoint written by `triscale train`, not a plain model")
      }
      return value
    }
    let counters = try [Key.epoch, Key.stepInEpoch, Key.globalStep, Key.optimizerStepCount].map {
      try value($0, as: Int.self)
    }
    if let negative = counters.firstIndex(where: { $0 < 0 }) {
      throw TriscaleError.invalidFile(
        path: path, problem: "checkpoint counter \(counters[negative]) is negative",
        fix: "Resume from an intact checkpoint")
    }
    self.init(
      graph: file.graph, parameters: file.parameters,
      metadata: file.metadata.filter { !$0.key.hasPrefix(Key.prefix) },
      epoch: counters[0], stepInEpoch: counters[1], globalStep: counters[2],
      optimizerName: try value(Key.optimizer, as: String.self), optimizerStepCount: counters[3],
      optimizerState: file.extraTensors, seed: try value(Key.seed, as: UInt64.self),
      bestAccuracy: try file.metadata[Key.bestAccuracy].map { _ in
        try value(Key.bestAccuracy, as: Float.self)
      })
  }

  /// Writes the checkpoint to `path` atomically.
  public func write(path: String) throws {
    try modelFile.write(path: path)
  }

  /// Reads and validates the checkpoint at `path`.
  public static func load(path: String) throws -> Checkpoint {
    try Checkpoint(ModelFile.read(path: path), path: path)
  }
}
