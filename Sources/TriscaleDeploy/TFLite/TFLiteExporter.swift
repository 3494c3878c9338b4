import Foundation
import TriscaleCore
import TriscaleGraph

/// Writes TensorFlow Lite models (`.tflite`, FlatBuffers schema version 3,
/// one subgraph, batch size 1) that LiteRT and TensorFlow Lite Micro load.
///
/// Float variants (``TFLiteVariant/float32``, ``TFLiteVariant/float16``,
/// ``TFLiteVariant/dynamic``) are exported from an ``InferenceGraph`` (batch
/// norms folded); the ``TFLiteVariant/int8`` variant from an ``Int8Model``.
/// `docs/tflite-export.md` lists how each Triscale operation maps to
/// TensorFlow Lite operators.
public enum TFLiteExporter {
  /// The `.tflite` bytes of a float model in `variant` (not ``TFLiteVariant/int8``).
  public static func encode(_ model: InferenceGraph, variant: TFLiteVariant) throws -> [UInt8] {
    guard variant.isFloat else {
      throw TriscaleError.invalidArgument(
        name: "variant", problem: "the int8 TFLite variant is exported from an int8 model",
        fix: "Quantize the model first and export the int8 model file")
    }
    var lowering = TFLiteFloatLowering(
      graph: model.graph, parameters: model.parameters, variant: variant)
    let builder = try lowering.lower()
    return builder.encoded(
      description: "Triscale \(model.graph.name) (\(variant.rawValue))",
      subgraphName: model.graph.name)
  }

  /// The `.tflite` bytes of a fully int8 model.
  public static func encode(_ model: Int8Model) throws -> [UInt8] {
    var lowering = TFLiteInt8Lowering(model: model)
    let builder = try lowering.lower()
    return builder.encoded(description: "Triscale \(model.name) (int8)", subgraphName: model.name)
  }

  /// Writes a float model in `variant` to `path`, atomically.
  public static func write(_ model: InferenceGraph, variant: TFLiteVariant, to path: String) throws
  {
    try AtomicFile.write(Data(encode(model, variant: variant)), to: path)
  }

  /// Writes a fully int8 model to `path`, atomically.
  public static func write(_ model: Int8Model, to path: String) throws {
    try AtomicFile.write(Data(encode(model)), to: path)
  }
}
