import ArgumentParser
import Foundation
import TriscaleCore
import TriscaleData
import TriscaleEngine
import TriscaleGraph

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

  func validate() throws {
    guard threads > 0, threads <= 256 else {
      throw ValidationError("--threads must be in 1...256, got \(threads)")
    }
    guard ["none", "flip"].contains(tta) else {
      throw ValidationError("--tta must be none or flip, got '\(tta)'")
    }
    guard batchSize > 0 else {
      throw ValidationError("--batch-size must be positive, got \(batchSize)")
    }
  }

  func run() throws {
    setComputeThreadCount(threads)
    let testSet = try data.load(.test)
    let start = Date()
    let name: String
    let result: Evaluation
    if Int8ModelFile.isInt8Model(path: modelFile) {
      guard tta == "none" else {
        throw TriscaleError.invalidArgument(
          name: "--tta", problem: "test-time augmentation is for float models",
          fix: "Evaluate the int8 model without --tta")
      }
      let model = try Int8ModelFile.read(path: modelFile)
      name = "\(model.name) (int8, \(Int8KernelChoice.detectedPath) kernels)"
      result = try Evaluator.evaluate(
        Int8InferenceModel(model: model), on: testSet,
        normalization: data.normalization(storedIn: model.metadata))
    } else {
      let model = try ModelFile.read(path: modelFile)
      name = "\(model.graph.name) (fp32\(tta == "flip" ? ", flip TTA" : ""))"
      result = try Evaluator.evaluate(
        FloatInferenceModel(
          graph: model.graph, parameters: model.parameters,
          batchSize: min(batchSize, testSet.count)),
        on: testSet, normalization: data.normalization(storedIn: model.metadata),
        batchSize: batchSize, mirrorAveraging: tta == "flip")
    }
    print(
      String(
        format: "evaluate: %@ on %@: top-1 %.2f%% (%d images), loss %.4f, %.1f s", name,
        testSet.name, result.accuracy * 100, result.count, result.loss,
        Date().timeIntervalSince(start)))
  }
}
