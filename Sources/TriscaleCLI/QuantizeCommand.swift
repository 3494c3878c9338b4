import ArgumentParser
import Foundation
import TriscaleCore
import TriscaleData
import TriscaleEngine
import TriscaleGraph
import TriscaleOptimize
import TriscaleTrain

/// `triscale quantize`: full-int8 post-training quantization of a float model.
struct QuantizeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "quantize",
    abstract:
      "Quantize a float model to full int8: post-training (calibrated) or quantization-aware training.",
    discussion: """
      Batch norms are folded into the layers before them; weights become per-channel symmetric \
      int8, activations per-tensor asymmetric int8 with ranges observed on calibration images. \
      --method qat then fine-tunes the folded model under simulated int8 (fake-quantized weights \
      and activations, straight-through gradients) for --epochs before quantizing. \
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

  func validate() throws {
    guard calibrationImages > 0 else {
      throw ValidationError(
        "--calibration-images must be positive (an empty calibration set cannot set ranges), got \(calibrationImages)"
      )
    }
    guard ["ptq", "qat"].contains(method) else {
      throw ValidationError("--method must be ptq or qat, got '\(method)'")
    }
  }

  func run() throws {
    setComputeThreadCount(fineTune.threads)
    let calibrationMethod = try CalibrationMethod(parsing: calibration)
    if Int8ModelFile.isInt8Model(path: modelFile) {
      throw TriscaleError.invalidArgument(
        name: "model", problem: "'\(modelFile)' is already an int8 model",
        fix: "Quantize the float model it came from (a .tsm written by `triscale train`)")
    }
    let float = try ModelFile.read(path: modelFile)
    let normalization = try data.normalization(storedIn: float.metadata)
    let calibrationSet = try data.load(.train)
    let start = Date()
    var model: Int8Model
    if method == "qat" {
      let printer = ProgressPrinter()
      model = try QuantizationAwareTraining.train(
        graph: float.graph, parameters: float.parameters, trainSet: calibrationSet,
        testSet: try data.load(.test), normalization: normalization,
        options: fineTune.trainingOptions(model: float.graph.name),
        calibrationImages: calibrationImages, method: calibrationMethod,
        checkpointPath: output + ".ckpt"
      ) { printer.handle($0) }.model
    } else {
      model = try PostTrainingQuantizer.quantize(
        graph: float.graph, parameters: float.parameters, calibration: calibrationSet,
        normalization: normalization, images: calibrationImages, method: calibrationMethod)
    }
    model.metadata.merge(float.metadata.filter { !$0.key.hasPrefix("checkpoint.") }) {
      quantized, _ in quantized
    }
    model.metadata["normalization"] = String(
      decoding: try JSONEncoder().encode(normalization), as: UTF8.self)
    try Int8ModelFile.write(model, to: output)
    let plan = Int8MemoryPlan(model: model)
    let floatBytes = float.graph.fp32ByteCount
    print(
      String(
        format:
          "quantize: %@ → %@ (%@), weights %.1f KB int8 vs %.1f KB fp32, activation arena %d bytes, %.1f s",
        float.graph.name, output, model.metadata["calibration"] ?? "",
        Double(model.parameterByteCount) / 1024, Double(floatBytes) / 1024, plan.arenaByteCount,
        Date().timeIntervalSince(start)))
    guard evaluate else { return }
    let testSet = try data.load(.test)
    let floatResult = try Evaluator.evaluate(
      FloatInferenceModel(
        graph: float.graph, parameters: float.parameters, batchSize: min(250, testSet.count)),
      on: testSet, normalization: normalization)
    let int8Result = try Evaluator.evaluate(
      Int8InferenceModel(model: model), on: testSet, normalization: normalization)
    print(
      String(
        format: "quantize: top-1 on %@ (%d images): fp32 %.2f%%, int8 %.2f%% (%+.2f pt)",
        testSet.name, testSet.count, floatResult.accuracy * 100, int8Result.accuracy * 100,
        (int8Result.accuracy - floatResult.accuracy) * 100))
  }
}
