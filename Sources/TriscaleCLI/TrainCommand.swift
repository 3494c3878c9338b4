import ArgumentParser
import Foundation
import TriscaleCore
import TriscaleData
import TriscaleEngine
import TriscaleGraph
import TriscaleTrain

/// `triscale train`: trains a zoo model and writes a model file.
struct TrainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "train",
    abstract: "Train a model; checkpoints every epoch; --resume continues a killed run exactly.",
    discussion: "Every flag can also be given in a YAML file passed with --config (keys are the flag names).")

  @OptionGroup var data: DatasetOptions
  @Option(help: "Model zoo name (see `triscale models`).") var model = "resnet8"
  @Option(help: "Passes over the training set.") var epochs = 10
  @Option(help: "Images per forward/backward pass.") var batchSize = 128
  @Option(help: "Micro-batches summed into one optimizer step (effective batch = batch-size × accumulate).")
  var accumulate = 1
  @Option(help: "sgd or adamw.") var optimizer = "sgd"
  @Option(help: "Peak learning rate.") var learningRate: Float = 0.1
  @Option(help: "SGD momentum.") var momentum: Float = 0.9
  @Flag(inversion: .prefixedNo, help: "Nesterov momentum (SGD).") var nesterov = true
  @Option(help: "Weight decay (L2 for SGD, decoupled for AdamW), kernels only.") var weightDecay: Float = 5e-4
  @Option(help: "constant, cosine or onecycle, with :warmup=N|F or :peak=F.") var schedule = "onecycle:peak=0.25"
  @Option(help: "Label smoothing of the targets.") var labelSmoothing: Float = 0.1
  @Flag(inversion: .prefixedNo, help: "Random crop and horizontal flip.") var augment = true
  @Option(help: "Seed of every random choice.") var seed: UInt64 = 1
  @Option(help: "Compute threads.") var threads = 2
  @Option(help: "Also checkpoint every N steps within an epoch (0: epoch ends only).") var checkpointEvery = 0
  @Option(help: "Model file to write.") var output = "runs/model.tsm"
  @Option(help: "Checkpoint file (default: OUTPUT.ckpt).") var checkpoint: String?
  @Flag(help: "Continue from the checkpoint if there is one.") var resume = false
  @Option(help: "YAML file of flag values (flags on the command line win).") var config: String?

  var options: TrainingOptions {
    var options = TrainingOptions()
    options.model = model
    options.epochs = epochs
    options.batchSize = batchSize
    options.accumulate = accumulate
    options.optimizer = optimizer
    options.learningRate = learningRate
    options.momentum = momentum
    options.nesterov = nesterov
    options.weightDecay = weightDecay
    options.schedule = schedule
    options.labelSmoothing = labelSmoothing
    options.augment = augment
    options.seed = seed
    options.checkpointEvery = checkpointEvery
    return options
  }

  func validate() throws {
    guard threads > 0, threads <= 256 else { throw ValidationError("--threads must be in 1...256, got \(threads)") }
    try options.validate()
  }

  func run() throws {
    setComputeThreadCount(threads)
    let graph = try ModelZoo.graph(named: model)
    let trainSet = try data.load(.train)
    let testSet = try data.load(.test)
    let normalization = data.normalization(train: trainSet)
    print(
      "train: \(model) (\(graph.trainableParameterCount) parameters) on \(trainSet.name): "
        + "\(trainSet.count) training, \(testSet.count) test images; \(threads) threads")
    let trainer = try Trainer(
      options: options, graph: graph, trainSet: trainSet, testSet: testSet, normalization: normalization,
      checkpointPath: checkpoint ?? output + ".ckpt")
    let printer = ProgressPrinter()
    let result = try trainer.run(resume: resume, report: printer.handle)
    let accuracy = result.test?.accuracy ?? 0
    var metadata = [
      "dataset": trainSet.name, "epochs": String(epochs), "test_accuracy": String(format: "%.4f", accuracy),
      "seed": String(seed), "created": ISO8601DateFormatter().string(from: Date()),
      "normalization": String(decoding: try JSONEncoder().encode(normalization), as: UTF8.self),
    ]
    metadata["training_seconds_this_run"] = String(format: "%.1f", result.seconds)
    try ModelFile(graph: graph, parameters: result.parameters, metadata: metadata).write(path: output)
    print(
      String(
        format: "train: done — test accuracy %.2f%% on %d images; wrote %@ (%.1f s)", accuracy * 100,
        result.test?.count ?? 0, output, result.seconds))
  }
}
