import Foundation
import Testing
import TriscaleCore
import TriscaleDeploy
import TriscaleGraph
import TriscaleOptimize

/// The exporter's errors name the node and the unsupported operation, and
/// a failed export leaves no file behind.
@Suite struct TFLiteExportErrorTests {
  /// A batch norm straight after the input folds into nothing.
  @Test func standaloneBatchNormIsRejected() throws {
    var builder = GraphBuilder(name: "bn-first", inputShape: [4, 4, 3])
    try builder.append(.batchNorm(epsilon: 1e-3, momentum: 0.9), name: "input.bn")
    try builder.append(.globalAvgPool, name: "pool")
    try builder.append(.dense(units: 2, useBias: true), name: "classifier")
    let graph = builder.graph
    let model = try InferenceGraph(
      graph: graph, parameters: ParameterStore(initializing: graph, seed: 1))
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("triscale-bn-\(UUID().uuidString).tflite").path
    do {
      try TFLiteExporter.write(model, variant: .float32, to: path)
      Issue.record("the export of a standalone batch norm succeeded")
    } catch let error as TriscaleError {
      let message = error.description
      #expect(message.contains("'input.bn'"), "\(message)")
      #expect(message.contains("the TFLite exporter does not support"), "\(message)")
      #expect(message.contains("batch norm"), "\(message)")
      #expect(!message.contains("\n"))
    }
    #expect(!FileManager.default.fileExists(atPath: path))
  }

  /// Grouped (not depthwise) convolutions have no TFLite builtin here.
  @Test func groupedConvolutionIsRejected() throws {
    var builder = GraphBuilder(name: "grouped", inputShape: [4, 4, 4])
    try builder.append(
      .conv2d(Conv2DAttributes(filters: 4, kernel: 3, groups: 2)), name: "grouped.conv")
    let graph = builder.graph
    let model = try InferenceGraph(
      graph: graph, parameters: ParameterStore(initializing: graph, seed: 1))
    #expect {
      _ = try TFLiteExporter.encode(model, variant: .float16)
    } throws: { error in
      let message = "\(error)"
      return message.contains("'grouped.conv'") && message.contains("grouped convolution")
        && message.contains("the TFLite exporter does not support")
    }
  }

  /// The int8 variant comes from an int8 model, not a float graph.
  @Test func int8VariantOfFloatModelIsRejected() throws {
    let graph = try TFLiteFloatExportTests.poolFlattenGraph()
    let model = try InferenceGraph(
      graph: graph, parameters: ParameterStore(initializing: graph, seed: 1))
    #expect {
      _ = try TFLiteExporter.encode(model, variant: .int8)
    } throws: { error in
      "\(error)".contains("int8 model")
    }
  }

  /// A buffer of the exporter starts with a root offset and the "TFL3" identifier.
  @Test func fileIdentifierIsTFL3() throws {
    let graph = try TFLiteFloatExportTests.poolFlattenGraph()
    let model = try InferenceGraph(
      graph: graph, parameters: ParameterStore(initializing: graph, seed: 1))
    let bytes = try TFLiteExporter.encode(model, variant: .float32)
    #expect(Array(bytes[4..<8]) == Array("TFL3".utf8))
    #expect(bytes.count % 16 == 0)
  }
}
