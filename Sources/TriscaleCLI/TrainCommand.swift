import ArgumentParser
import Foundation
import TriscaleArtifact
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
  @OptionGroup var recipe: TrainingFlags
  @Flag(
    help:
      "Data-parallel training over MPI: start with `mpirun -np N triscale train … --distributed`.")
  var distributed = false
  @Option(help: "Model file to write.") var output = "runs/model.tsm"
  @Option(help: "Checkpoint file (default: OUTPUT.ckpt).") var checkpoint: String?
  @Flag(help: "Continue from the checkpoint if there is one.") var resume = false
  @Option(help: "YAML file of flag values (flags on the command line win).") var config: String?

  /// The library configuration these flags describe.
  var stageConfiguration: TrainStage.Configuration {
    var configuration = TrainStage.Configuration()
    configuration.training = recipe.options
    configuration.data = data.configuration
    configuration.processes.threads = recipe.threadCount
    return configuration
  }

  func run() throws {
    let checkpointPath = checkpoint ?? output + ".ckpt"
    try checkOutput(output, others: [("--init-from", recipe.initFrom), ("--config", config)])
    try checkOutput(
      checkpointPath, flag: "--checkpoint",
      others: [("--output", output), ("--init-from", recipe.initFrom), ("--config", config)])
    let communicator: Communicator = distributed ? try MPICommunicator() : SingleProcess()
    defer { (communicator as? MPICommunicator)?.finish() }
    let printer = StagePrinter(prefix: "train", enabled: communicator.rank == 0)
    let context = StageContext(
      checkpointPath: checkpointPath, resume: resume, command: commandLineText,
      communicator: communicator, report: printer.handle)
    let result = try TrainStage.run(
      stageConfiguration, input: try recipe.initFrom.map { try ModelArtifact.read(path: $0) },
      context: context)
    guard context.isLeader, let artifact = result.artifact else { return }
    try artifact.write(to: output)
    printer.show(result.record)
    print(String(format: "train: done — wrote %@ (%.1f s)", output, result.record.seconds))
  }
}
