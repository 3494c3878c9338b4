import ArgumentParser
import TriscalePipeline

/// The training flags of commands that fine-tune an existing model
/// (`triscale prune`, `triscale quantize --method qat`), decoded into a
/// ``FineTuneConfiguration``.
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

  /// The library configuration these flags describe.
  var configuration: FineTuneConfiguration {
    FineTuneConfiguration(
      epochs: epochs, batchSize: batchSize, learningRate: learningRate, schedule: schedule,
      weightDecay: weightDecay, labelSmoothing: labelSmoothing, seed: seed, threads: threads)
  }

  func validate() throws { try configuration.validate() }
}
