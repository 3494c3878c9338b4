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
    discussion:
      "Every flag can also be given in a YAML file passed with --config (keys are the flag names).")

  @OptionGroup var data: DatasetOptions
  @Option(help: "Model zoo name (see `triscale models`).") var model = "resnet8"
  @Option(help: "Start from this model file's graph and weights instead of a fresh zoo model.")
  var initFrom: String?
  @Option(help: "Passes over the training set.") var epochs = 10
  @Option(help: "Images per forward/backward pass.") var batchSize = 128
  @Option(
    help:
      "Micro-batches summed into one optimizer step (effective batch = batch-size × accumulate).")
  var accumulate = 1
  @Option(help: "sgd or adamw.") var optimizer = "sgd"
  @Option(help: "Peak learning rate.") var learningRate: Float = 0.1
  @Option(help: "SGD momentum.") var momentum: Float = 0.9
  @Flag(inversion: .prefixedNo, help: "Nesterov momentum (SGD).") var nesterov = true
  @Option(help: "Weight decay (L2 for SGD, decoupled for AdamW), kernels only.") var weightDecay:
    Float = 5e-4
  @Option(help: "constant, cosine or onecycle, with :warmup=N|F or :peak=F.") var schedule =
    "onecycle:peak=0.25"
  @Option(help: "Label smoothing of the targets.") var labelSmoothing: Float = 0.1
  @Flag(inversion: .prefixedNo, help: "Random crop and horizontal flip.") var augment = true
  @Option(help: "Seed of every random choice.") var seed: UInt64 = 1
  @Option(
    help:
      "Activation precision: fp32, bf16 (bf16 compute where the CPU has it) or fp16 (dynamic loss scaling)."
  )
  var precision = "fp32"
  @Option(
    help:
      "Compute threads per process (default: 2, divided among the ranks on this host when distributed)."
  )
  var threads: Int?
  @Flag(
    help:
      "Data-parallel training over MPI: start with `mpirun -np N triscale train … --distributed`.")
  var distributed = false
  @Option(help: "Also checkpoint every N steps within an epoch (0: epoch ends only).")
  var checkpointEvery = 0
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
    options.precision = precision
    return options
  }

  func validate() throws {
    if let threads, threads <= 0 || threads > 256 {
      throw ValidationError("--threads must be in 1...256, got \(threads)")
    }
    try options.validate()
  }

  func run() throws {
    let communicator: Communicator = distributed ? try MPICommunicator() : SingleProcess()
    defer { (communicator as? MPICommunicator)?.finish() }
    let localRanks =
      Int(ProcessInfo.processInfo.environment["OMPI_COMM_WORLD_LOCAL_SIZE"] ?? "") ?? 1
    let threadCount = threads ?? max(1, 2 / localRanks)
    setComputeThreadCount(threadCount)
    let leader = communicator.rank == 0
    let start: ModelFile? = try initFrom.map { try ModelFile.read(path: $0) }
    let trainSet = try data.load(.train)
    let testSet = try data.load(.test)
    let graph =
      try start?.graph
      ?? ModelZoo.graph(
        named: model, inputShape: trainSet.imageShape, classCount: trainSet.classCount)
    let normalization = data.normalization(train: trainSet)
    if leader {
      print(
        "train: \(graph.name) (\(graph.trainableParameterCount) parameters) on \(trainSet.name): "
          + "\(trainSet.count) training, \(testSet.count) test images; \(communicator.size) rank(s) × \(threadCount) threads"
      )
    }
    let trainer = try Trainer(
      options: options, graph: graph, trainSet: trainSet, testSet: testSet,
      normalization: normalization,
      checkpointPath: checkpoint ?? output + ".ckpt", initialParameters: start?.parameters,
      communicator: communicator)
    if leader { print("train: \(trainer.computePath)") }
    let printer = ProgressPrinter()
    let result = try trainer.run(resume: resume) { if leader { printer.handle($0) } }
    guard leader else { return }
    if let scale = result.lossScale {
      print(
        "train: fp16 loss scaling skipped \(result.skippedSteps) overflowed step(s); final scale \(scale)"
      )
    }
    let accuracy = result.test?.accuracy ?? 0
    var metadata = [
      "dataset": trainSet.name, "epochs": String(epochs),
      "test_accuracy": String(format: "%.4f", accuracy),
      "seed": String(seed), "precision": precision,
      "created": ISO8601DateFormatter().string(from: Date()),
      "normalization": String(decoding: try JSONEncoder().encode(normalization), as: UTF8.self),
    ]
    metadata["training_seconds_this_run"] = String(format: "%.1f", result.seconds)
    try ModelFile(graph: graph, parameters: result.parameters, metadata: metadata).write(
      path: output)
    print(
      String(
        format: "train: done — test accuracy %.2f%% on %d images; wrote %@ (%.1f s)",
        accuracy * 100,
        result.test?.count ?? 0, output, result.seconds))
  }
}
