import ArgumentParser
import Foundation
import TriscaleCore
import TriscalePipeline
import TriscaleTrain

/// The flags of a training recipe, shared by `triscale train` and `triscale distill`.
struct TrainingFlags: ParsableArguments {
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
  @Option(help: "Also checkpoint every N steps within an epoch (0: epoch ends only).")
  var checkpointEvery = 0

  /// The recipe these flags describe.
  var options: TrainingOptions {
    TrainingOptions(
      model: model, epochs: epochs, batchSize: batchSize, accumulate: accumulate,
      optimizer: optimizer, learningRate: learningRate, momentum: momentum, nesterov: nesterov,
      weightDecay: weightDecay, schedule: schedule, labelSmoothing: labelSmoothing,
      augment: augment, seed: seed, checkpointEvery: checkpointEvery, precision: precision)
  }

  /// Threads per process: as given, else 2 divided among this host's MPI ranks.
  var threadCount: Int {
    let localRanks =
      Int(ProcessInfo.processInfo.environment["OMPI_COMM_WORLD_LOCAL_SIZE"] ?? "") ?? 1
    return threads ?? max(1, 2 / localRanks)
  }

  func validate() throws {
    if let threads { try Bounds.checkThreads(threads) }
    try options.validate()
  }
}
