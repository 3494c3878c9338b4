import ArgumentParser
import TriscaleArtifact
import TriscalePipeline

/// `triscale evaluate`: top-1 accuracy of a model file on a dataset's test split.
struct EvaluateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "evaluate", abstract: "Measure a model file's top-1 accuracy on a test set.")

  @Argument(
    help: "Model file: float (`triscale train`, `triscale prune`) or int8 (`triscale quantize`).")
  var modelFile: String
  @OptionGroup var data: DatasetOptions
  @Option(help: "Compute threads.") var threads = 2
  @Option(help: "Images per batch.") var batchSize = 250
  @Option(
    help:
      "Test-time augmentation: none, or flip (average the logits of each image and its mirror; float models)."
  )
  var tta = "none"

  /// The library configuration these flags describe.
  var stageConfiguration: EvaluateStage.Configuration {
    var configuration = EvaluateStage.Configuration()
    configuration.data = data.configuration
    configuration.settings.threads = threads
    configuration.settings.batchSize = batchSize
    configuration.settings.tta = tta
    return configuration
  }

  func validate() throws { try stageConfiguration.validate() }

  func run() throws {
    let result = try EvaluateStage.run(
      stageConfiguration, input: ModelArtifact.read(path: modelFile),
      context: StageContext(checkpointPath: "", command: commandLineText) { _ in })
    StagePrinter(prefix: "evaluate").show(result.record)
  }
}
