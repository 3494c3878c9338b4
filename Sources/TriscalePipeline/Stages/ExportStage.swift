import Foundation
import TriscaleArtifact
import TriscaleCore
import TriscaleDeploy
import TriscaleGraph
import TriscaleOptimize

/// Writes a model in a deployment format (TensorFlow Lite).
public enum ExportStage: ModelInputStage {
  /// The stage kind in pipeline files.
  public static let kind = "export"
  /// The name of the file it writes.
  public static let fileName = "model.tflite"

  /// `triscale export`'s flags (the paths aside).
  public struct Configuration: StageConfiguration, ConfigurationPart {
    /// The format: tflite.
    public var format = "tflite"
    /// float32, float16, dynamic (from a float model) or int8 (from an int8 model).
    public var variant = "float32"

    /// The defaults.
    public init() {}

    /// The keys, which are the command-line flag names.
    public enum CodingKeys: String, CodingKey, CaseIterable { case format, variant }

    /// Checks the format and variant.
    public func validate() throws {
      guard format == "tflite" else {
        throw TriscaleError.invalidArgument(
          name: "--format", problem: "'\(format)' is not a supported export format",
          fix: "Use --format tflite")
      }
      guard TFLiteVariant(rawValue: variant) != nil else {
        throw TriscaleError.invalidArgument(
          name: "--variant", problem: "'\(variant)' is not a TFLite variant",
          fix: "Use one of: \(TFLiteVariant.allCases.map(\.rawValue).joined(separator: ", "))")
      }
    }
  }

  /// Exports `input` to ``StageContext/filePath`` of ``fileName``.
  public static func run(
    _ configuration: Configuration, input: ModelArtifact, context: StageContext
  ) throws -> StageOutput {
    try configuration.validate()
    let started = Date()
    let variant = TFLiteVariant(rawValue: configuration.variant) ?? .float32
    let path = context.filePath(fileName)
    if variant == .int8 {
      let model = try input.int8Model(
        for: "export --variant int8",
        fix: "Quantize it first with `triscale quantize`, or choose a float variant")
      try TFLiteExporter.write(model, to: path)
    } else {
      let float = try input.floatModel(
        for: "export --variant \(variant.rawValue)",
        fix: "Use --variant int8, or export the float model (.tsm) it was quantized from")
      let inference = try InferenceGraph(graph: float.graph, parameters: float.parameters)
      try TFLiteExporter.write(inference, variant: variant, to: path)
    }
    let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    let measured = context.measured
    let record = StageRecord(
      kind: kind,
      metrics: [
        Metric(
          name: "file_bytes", value: Double(bytes), unit: "bytes",
          subject: "TFLite \(variant.rawValue)", provenance: measured)
      ],
      lines: ["wrote \(path): TFLite \(variant.rawValue), \(bytes) bytes"],
      seconds: Date().timeIntervalSince(started))
    return StageOutput(artifact: nil, files: [fileName: path], record: record)
  }
}
