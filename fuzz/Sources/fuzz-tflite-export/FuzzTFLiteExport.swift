import FuzzSupport
import TriscaleDeploy
import TriscaleGraph

/// One input: a float or int8 model file (told apart by its magic; framing
/// recomputed), decoded, then exported to TensorFlow Lite in memory: a float
/// model with batch norms folded, in every float variant; an int8 model as int8.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTFLiteExport(_ bytes: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let data = SealedModelBytes.data(bytes, size)
  if data.starts(with: Int8ModelFile.magic) {
    guard let model = try? Int8ModelFile.decode(data, path: "fuzz.int8.tsm") else { return 0 }
    _ = try? TFLiteExporter.encode(model)
  } else {
    guard let file = try? ModelFile.decode(data, path: "fuzz.tsm"),
      let inference = try? InferenceGraph(graph: file.graph, parameters: file.parameters)
    else { return 0 }
    for variant in TFLiteVariant.allCases where variant.isFloat {
      _ = try? TFLiteExporter.encode(inference, variant: variant)
    }
  }
  return 0
}
