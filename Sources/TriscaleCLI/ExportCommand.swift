import ArgumentParser
import TriscaleArtifact
import TriscalePipeline

/// `triscale export`: writes a model in a deployment format (TFLite for now).
struct ExportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "Export a model for deployment (TensorFlow Lite).",
    discussion: """
      Float variants (float32, float16, dynamic) read a float model (.tsm from `triscale train`); \
      batch norms are folded and dropout removed first. The int8 variant reads an int8 model \
      written by `triscale quantize`. The .tflite files run in LiteRT and TensorFlow Lite Micro; \
      docs/tflite-export.md lists the operator mapping.
      """)

  @Option(help: "Output format: tflite.") var format = "tflite"
  @Option(help: "Variant: float32, float16, dynamic (dynamic-range int8 weights) or int8.")
  var variant = "float32"
  @Option(help: "Model file: a float model (.tsm), or an int8 model for --variant int8.")
  var model: String
  @Option(help: "The .tflite file to write.") var output: String

  /// The library configuration these flags describe.
  var stageConfiguration: ExportStage.Configuration {
    var configuration = ExportStage.Configuration()
    configuration.format = format
    configuration.variant = variant
    return configuration
  }

  func run() throws {
    try stageConfiguration.validate()
    try checkOutput(output, others: [("--model", model)])
    let result = try ExportStage.run(
      stageConfiguration, input: ModelArtifact.read(path: model),
      context: StageContext(
        checkpointPath: "", filePath: { _ in output }, command: commandLineText
      ) { _ in })
    StagePrinter(prefix: "export").show(result.record)
  }
}
