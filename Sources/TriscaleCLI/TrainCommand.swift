import ArgumentParser
import Foundation
import TriscaleCore
import TriscalePipeline
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

  /// The library configuration these flags describe.
  var stageConfiguration: TrainStage.Configuration {
    var configuration = TrainStage.Configuration()
    configuration.training = TrainingOptions(
      model: model, epochs: epochs, batchSize: batchSize, accumulate: accumulate,
      optimizer: optimizer, learningRate: learningRate, momentum: momentum, nesterov: nesterov,
      weightDecay: weightDecay, schedule: schedule, labelSmoothing: labelSmoothing,
      augment: augment, seed: seed, checkpointEvery: checkpointEvery, precision: precision)
    configuration.data = data.configuration
    let localRanks =
      Int(ProcessInfo.processInfo.environment["OMPI_COMM_WORLD_LOCAL_SIZE"] ?? "") ?? 1
    configuration.processes.threads = threads ?? max(1, 2 / localRanks)
    return configuration
  }

  func validate() throws {
    if let threads { try Bounds.checkThreads(threads) }
    try stageConfiguration.training.validate()
  }

  func run() throws {
    let checkpointPath = checkpoint ?? output + ".ckpt"
    try checkOutput(output, others: [("--init-from", initFrom), ("--config", config)])
    try checkOutput(
      checkpointPath, flag: "--checkpoint",
      others: [("--output", output), ("--init-from", initFrom), ("--config", config)])
    let communicator: Communicator = distributed ? try MPICommunicator() : SingleProcess()
    defer { (communicator as? MPICommunicator)?.finish() }
    let printer = StagePrinter(prefix: "train", enabled: communicator.rank == 0)
    let context = StageContext(
      checkpointPath: checkpointPath, resume: resume, command: commandLineText,
      communicator: communicator, report: printer.handle)
    let result = try TrainStage.run(
      stageConfiguration, input: try initFrom.map { try ModelArtifact.read(path: $0) },
      context: context)
    guard context.isLeader, let artifact = result.artifact else { return }
    try artifact.write(to: output)
    printer.show(result.record)
    print(String(format: "train: done — wrote %@ (%.1f s)", output, result.record.seconds))
  }
}
