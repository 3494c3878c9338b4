import ArgumentParser
import Foundation
import TriscaleCore
import TriscaleDeploy
import TriscaleGraph

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

  func run() throws {
    guard format == "tflite" else {
      throw TriscaleError.invalidArgument(
        name: "--format", problem: "'\(format)' is not a supported export format",
        fix: "Use --format tflite")
    }
    guard let variant = TFLiteVariant(rawValue: variant) else {
      throw TriscaleError.invalidArgument(
        name: "--variant", problem: "'\(self.variant)' is not a TFLite variant",
        fix: "Use one of: \(TFLiteVariant.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    let isInt8 = Int8ModelFile.isInt8Model(path: model)
    if variant == .int8 {
      guard isInt8 else {
        throw TriscaleError.invalidArgument(
          name: "--model", problem: "'\(model)' is not an int8 model, which --variant int8 exports",
          fix: "Quantize it first with `triscale quantize`, or choose a float variant")
      }
      let int8 = try Int8ModelFile.read(path: model)
      try TFLiteExporter.write(int8, to: output)
    } else {
      guard !isInt8 else {
        throw TriscaleError.invalidArgument(
          name: "--model",
          problem:
            "'\(model)' is an int8 model; --variant \(variant.rawValue) exports a float model",
          fix: "Use --variant int8, or pass the float model (.tsm) it was quantized from")
      }
      let float = try ModelFile.read(path: model)
      let inference = try InferenceGraph(graph: float.graph, parameters: float.parameters)
      try TFLiteExporter.write(inference, variant: variant, to: output)
    }
    let bytes = (try? FileManager.default.attributesOfItem(atPath: output)[.size] as? Int) ?? 0
    print("wrote \(output): TFLite \(variant.rawValue), \(bytes) bytes")
  }
}
