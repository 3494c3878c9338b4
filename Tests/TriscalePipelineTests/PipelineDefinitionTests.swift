import Foundation
import Testing
import TriscaleCore
import TriscalePipeline

/// Pipeline files that are wrong in one place get one error naming the stage and the key.
@Suite("Pipeline files")
struct PipelineDefinitionTests {
  private static func error(_ text: String) -> String? {
    do {
      _ = try PipelineDefinition.decode(text, path: "p.yaml")
      return nil
    } catch {
      return "\(error)"
    }
  }

  private static let header = "stages:\n  cloud:\n    stage: train\n"

  @Test(arguments: [
    (header + "    epoch: 3\n", ["cloud", "epoch", "epochs"]),
    (header + "    epochs: ten\n", ["cloud", "epochs", "an integer", "ten"]),
    (header + "    learning-rate: fast\n", ["cloud", "learning-rate", "a number"]),
    (header + "    epochs: 0\n", ["p.yaml", "stage 'cloud' key 'epochs'", "1...100000"]),
    (header + "    optimizer: lion\n", ["optimizer", "lion"]),
    (
      header + "  edge:\n    stage: quantise\n    input: cloud\n", ["edge", "quantise", "quantize"]
    ),
    (
      header + "  edge:\n    stage: quantize\n    input: clod\n",
      ["edge", "clod", "not a stage above"]
    ),
    (
      header
        + "  t:\n    stage: export\n    input: cloud\n  e:\n    stage: evaluate\n    input: t\n",
      ["'e'", "an export"]
    ),
    (header + "  edge:\n    calibration: minmax\n", ["edge", "no `stage:` key"]),
    ("stage:\n  cloud: {}\n", ["unknown top-level key 'stage'"]),
    ("stages: [train]\n", ["no `stages:` mapping"]),
    ("stages:\n  cloud: [1, 2\n", ["not valid YAML"]),
    (
      header + "  edge:\n    stage: quantize\n    input: cloud\n    calibration-images: 0\n",
      ["stage 'edge' key 'calibration-images'", "1...1000000"]
    ),
  ])
  func badFileIsRefusedWithItsStageAndKey(text: String, fragments: [String]) throws {
    let message = try #require(Self.error(text), "accepted: \(text)")
    for fragment in fragments {
      #expect(message.contains(fragment), "'\(fragment)' missing from: \(message)")
    }
    #expect(!message.contains("\n"), "more than one line: \(message)")
  }

  @Test func defaultsReachOnlyTheStagesThatHaveTheKey() throws {
    let definition = try PipelineDefinition.decode(
      """
      defaults:
        dataset: synthetic
        epochs: 2
        variant: int8
      stages:
        cloud:
          stage: train
        edge:
          stage: quantize
          input: cloud
          epochs: 7
        tflite:
          stage: export
          input: edge
      """, path: "p.yaml")
    #expect(definition.name == "p")
    #expect(definition.outputDirectory == "runs/pipelines/p")
    #expect(definition.stages.map(\.name) == ["cloud", "edge", "tflite"])
    #expect(definition.stages[0].configurationJSON.contains("\"epochs\":2"))
    #expect(definition.stages[1].configurationJSON.contains("\"epochs\":7"))
    #expect(definition.stages[2].configurationJSON.contains("\"variant\":\"int8\""))
    #expect(!definition.stages[2].configurationJSON.contains("epochs"))
  }
}

/// Every pipeline file shipped in `examples/` decodes: its stage kinds, keys
/// and references are valid for this build.
@Suite("Example pipelines")
struct ExamplePipelineTests {
  @Test func everyExampleDecodes() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    let folder = root.appendingPathComponent("examples")
    let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
      .filter { $0.hasSuffix(".yaml") }.sorted()
    #expect(files.count >= 4)
    for file in files {
      let definition = try PipelineDefinition.read(path: folder.appendingPathComponent(file).path)
      #expect(!definition.stages.isEmpty, "\(file)")
    }
  }

  @Test func everyExampleScenarioDecodes() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    let folder = root.appendingPathComponent("examples/scenarios")
    let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
      .filter { $0.hasSuffix(".yaml") }
    #expect(!files.isEmpty)
    for file in files {
      let scenario = try ScenarioFile.read(path: folder.appendingPathComponent(file).path)
      #expect(file == scenario.name + ".yaml")
    }
  }
}
