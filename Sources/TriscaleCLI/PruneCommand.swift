import ArgumentParser
import TriscaleOptimize
import TriscalePipeline

/// `triscale prune`: magnitude (unstructured) or structured (channel) pruning
/// of a float model, with fine-tuning.
struct PruneCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "prune",
    abstract: "Prune a float model (magnitude or structured) and fine-tune it.",
    discussion: """
      magnitude: zeroes the smallest weights of every convolution and dense kernel (per layer or \
      globally) and keeps them zero while fine-tuning; sizes are reported dense and compressed \
      (bitmap + nonzero values). structured: removes whole channels (ranked by L1/L2 norm or \
      batch-norm scale) until the MACs reach --target-macs of the original — or, with --budget, \
      until the int8 project fits a microcontroller's arena and flash — then fine-tunes; the \
      smaller dense model really runs faster.
      """)

  @Argument(help: "Float model file written by `triscale train`.") var modelFile: String
  @Option(help: "Pruned model file to write.") var output: String
  @Option(help: "magnitude (unstructured) or structured (channels).") var method = "magnitude"
  @Option(help: "magnitude: fraction of kernel weights to remove, in [0, 1).") var sparsity = 0.8
  @Option(help: "magnitude: layer (each kernel to the same sparsity) or global.") var scope =
    "layer"
  @Option(
    help: "magnitude: constant or polynomial[:RAMP] (sparsity rising over RAMP of the steps).")
  var sparsitySchedule = "polynomial:0.6"
  @Option(help: "structured: fraction of the original MACs to keep, in (0, 1].") var targetMacs =
    0.5
  @Option(help: "structured: channel ranking, l1, l2 or bn (batch-norm scale).") var criterion =
    "l1"
  @Option(
    help:
      "structured: prune to fit this microcontroller budget instead of --target-macs, e.g. ram=32K,flash=128K[,macs=N,target=cortex-m4] (the int8 project's arena and flash, as `triscale search` measures them)."
  )
  var budget: String?
  @OptionGroup var data: DatasetOptions
  @OptionGroup var fineTune: FineTuneOptions

  /// The library configuration these flags describe.
  func stageConfiguration() throws -> PruneStage.Configuration {
    PruneStage.Configuration(
      settings: PruneStage.Pruning(
        method: method, sparsity: sparsity, scope: scope, sparsitySchedule: sparsitySchedule,
        targetMacs: targetMacs, criterion: criterion,
        budget: try budget.map { try SearchBudget(parsing: $0) }),
      fineTune: fineTune.configuration, data: data.configuration)
  }

  func validate() throws { try stageConfiguration().settings.validate() }

  func run() throws {
    let configuration = try stageConfiguration()
    try fineTune.run(
      stage: PruneStage.kind, modelFile: modelFile, output: output, command: commandLineText
    ) { try PruneStage.run(configuration, input: $0, context: $1) }
  }

}
