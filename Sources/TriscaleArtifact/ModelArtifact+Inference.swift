import TriscaleEngine
import TriscaleGraph

extension ModelArtifact.Weights {
  /// The model ready for inference with its weights bound once: a float model
  /// on oneDNN planned for `batchSize` images, or an int8 model on the int8 runtime.
  public func inferenceModel(batchSize: Int) throws -> any InferenceModel {
    switch self {
    case .float(let graph, let parameters):
      try FloatInferenceModel(graph: graph, parameters: parameters, batchSize: batchSize)
    case .int8(let model): try Int8InferenceModel(model: model)
    }
  }
}
