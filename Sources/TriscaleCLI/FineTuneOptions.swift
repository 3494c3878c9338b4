import ArgumentParser
import TriscaleArtifact
import TriscaleCore
import TriscalePipeline

/// The training flags of commands that fine-tune an existing model
/// (`triscale prune`, `triscale quantize --method qat`), decoded into a
/// ``FineTuneConfiguration``, and where that fine-tuning checkpoints.
///
/// Each stage checkpoints to its own file, `OUTPUT.STAGE.ckpt` by default
/// (`pruned.tsm.prune.ckpt`, `int8.tsm.quantize.ckpt`), never `OUTPUT.ckpt`,
/// which is `triscale train`'s; the file is removed when the command succeeds.
struct FineTuneOptions: ParsableArguments {
  @Option(help: "Fine-tuning passes over the training set (0: no fine-tuning).") var epochs = 10
  @Option(help: "Images per step.") var batchSize = 128
  @Option(help: "Peak learning rate.") var learningRate: Float = 0.02
  @Option(help: "constant, cosine or onecycle, with :warmup=N|F or :peak=F.") var schedule =
    "cosine:warmup=0.05"
  @Option(help: "Weight decay (kernels only).") var weightDecay: Float = 5e-4
  @Option(help: "Label smoothing of the targets.") var labelSmoothing: Float = 0.1
  @Option(help: "Seed of every random choice.") var seed: UInt64 = 1
  @Option(help: "Compute threads.") var threads = 2
  @Option(
    help:
      "Fine-tuning checkpoint (default: OUTPUT.prune.ckpt or OUTPUT.quantize.ckpt), removed on success."
  )
  var checkpoint: String?

  /// The library configuration these flags describe.
  var configuration: FineTuneConfiguration {
    FineTuneConfiguration(
      epochs: epochs, batchSize: batchSize, learningRate: learningRate, schedule: schedule,
      weightDecay: weightDecay, labelSmoothing: labelSmoothing, seed: seed, threads: threads)
  }

  func validate() throws { try configuration.validate() }

  /// Reads the model at `modelFile`, runs the stage `kind` on it with
  /// `stage` (given the input and a context whose checkpoint is this
  /// stage's own), writes the model it makes to `output`, shows its record
  /// and removes the checkpoint if the stage wrote one. Before anything
  /// runs, `output` and the checkpoint are checked against each other, the
  /// model file and the `others` files the stage reads with ``OutputPath``.
  func run(
    stage kind: String, modelFile: String, output: String, command: String,
    others: [(String, String?)] = [],
    _ stage: (ModelArtifact, StageContext) throws -> StageOutput
  ) throws {
    let path = checkpoint ?? "\(output).\(kind).ckpt"
    let inputs: [(String, String?)] = [("MODEL-FILE", modelFile)] + others
    try checkOutput(output, others: inputs + [("--checkpoint", path)])
    try checkOutput(path, flag: "--checkpoint", others: inputs + [("--output", output)])
    let file = WorkFile(path: path)
    let printer = StagePrinter(prefix: kind)
    let result = try stage(
      ModelArtifact.read(path: modelFile),
      StageContext(checkpointPath: path, command: command, report: printer.handle))
    try result.artifact?.write(to: output)
    printer.show(result.record)
    print(String(format: "%@: wrote %@ (%.1f s)", kind, output, result.record.seconds))
    file.removeIfWritten()
  }
}
