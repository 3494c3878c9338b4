import ArgumentParser
import TriscalePipeline

/// `triscale quantize`: full-int8 quantization of a float model.
struct QuantizeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "quantize",
    abstract:
      "Quantize a float model to full int8: post-training (calibrated) or quantization-aware training.",
    discussion: """
      Batch norms are folded into the layers before them; weights become per-channel symmetric \
      int8, activations per-tensor asymmetric int8 with ranges observed on calibration images. \
      --method qat then fine-tunes the folded model under simulated int8 (fake-quantized weights \
      and activations, straight-through gradients) for --epochs before quantizing; with --teacher it learns the teacher's soft targets as \
      `triscale distill` does (quantization-aware distillation). \
      The result runs on Triscale's int8 runtime and exports to TFLite (`triscale export`). \
      Dynamic-range and float16 variants are export formats: see `triscale export --variant`.
      """)

  @Argument(help: "Float model file written by `triscale train` or `triscale prune`.")
  var modelFile: String
  @Option(help: "Int8 model file to write.") var output: String
  @Option(help: "ptq (post-training) or qat (quantization-aware training).") var method = "ptq"
  @OptionGroup var data: DatasetOptions
  @Option(help: "Calibration: minmax, percentile[:P] (default P 99.99) or mse.")
  var calibration = "minmax"
  @Option(help: "Training images to calibrate on.") var calibrationImages = 500
  @Flag(help: "Also measure the float and int8 top-1 accuracy on the test split.")
  var evaluate = false
  @OptionGroup(title: "Quantization-aware training (--method qat)") var fineTune: FineTuneOptions
  @OptionGroup(title: "Quantization-aware distillation (--method qat --teacher FILE)")
  var distillation: DistillationFlags

  /// The library configuration these flags describe.
  var stageConfiguration: QuantizeStage.Configuration {
    QuantizeStage.Configuration(
      settings: QuantizeStage.Quantization(
        method: method, calibration: calibration, calibrationImages: calibrationImages,
        evaluate: evaluate),
      fineTune: fineTune.configuration, data: data.configuration,
      distillation: distillation.options)
  }

  func validate() throws { try stageConfiguration.validate() }

  func run() throws {
    try fineTune.run(
      stage: QuantizeStage.kind, modelFile: modelFile, output: output, command: commandLineText,
      others: [("--teacher", distillation.teacher)]
    ) { try QuantizeStage.run(stageConfiguration, input: $0, context: $1) }
  }

}
