import ArgumentParser
import Foundation
import TriscaleArtifact
import TriscaleCore
import TriscaleEngine
import TriscalePipeline
import TriscaleTrain

/// `triscale distill`: trains a student to match a teacher's softened
/// outputs as well as the labels, and writes the student's model file.
struct DistillCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "distill",
    abstract: "Distill a float teacher into a student (a zoo model, or --init-from a model file).",
    discussion: """
      The loss is weight · T² · KL(teacher/T ‖ student/T) + (1 − weight) · cross-entropy with the \
      smoothed labels (Hinton et al.; defaults T = 4, weight 0.9). The teacher's logits are \
      computed once for a fixed set of augmented views of every training image and cached in \
      OUTPUT.teacher-logits.tstl; by default one view per epoch, the augmentation `triscale \
      train` with the same recipe sees. Every flag can also be given in a YAML file passed with \
      --config (keys are the flag names).
      """)

  @OptionGroup var data: DatasetOptions
  @OptionGroup var recipe: TrainingFlags
  @OptionGroup(title: "Distillation") var distillation: DistillationFlags
  @Option(help: "Model file to write.") var output = "runs/student.tsm"
  @Option(help: "Checkpoint file (default: OUTPUT.ckpt).") var checkpoint: String?
  @Flag(help: "Continue from the checkpoint if there is one.") var resume = false
  @Option(help: "YAML file of flag values (flags on the command line win).") var config: String?

  /// The library configuration these flags describe.
  var stageConfiguration: DistillStage.Configuration {
    var configuration = DistillStage.Configuration()
    configuration.training = recipe.options
    configuration.data = data.configuration
    configuration.processes.threads = recipe.threadCount
    configuration.distillation = distillation.options
    return configuration
  }

  func validate() throws { try stageConfiguration.distillation.validate() }

  func run() throws {
    let checkpointPath = checkpoint ?? output + ".ckpt"
    let inputs = [
      ("--teacher", distillation.teacher), ("--init-from", recipe.initFrom), ("--config", config),
    ]
    try checkOutput(output, others: inputs)
    try checkOutput(
      checkpointPath, flag: "--checkpoint", others: [("--output", output)] + inputs)
    let printer = StagePrinter(prefix: "distill")
    let context = StageContext(
      checkpointPath: checkpointPath, filePath: { output + "." + $0 }, resume: resume,
      command: commandLineText, report: printer.handle)
    let result = try DistillStage.run(
      stageConfiguration, input: try recipe.initFrom.map { try ModelArtifact.read(path: $0) },
      context: context)
    guard let artifact = result.artifact else { return }
    try artifact.write(to: output)
    printer.show(result.record)
    print(String(format: "distill: done — wrote %@ (%.1f s)", output, result.record.seconds))
  }
}
