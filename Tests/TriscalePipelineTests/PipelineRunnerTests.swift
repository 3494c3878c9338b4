import Foundation
import Testing
import TriscaleArtifact
import TriscalePipeline
import TriscaleTestSupport

/// The runner's cache: a second run reuses every stage; changing one stage
/// re-runs it and what depends on it and nothing else.
@Suite("Pipeline runner")
struct PipelineRunnerTests {
  private static func run(_ text: String, in folder: String, force: Set<String> = []) throws
    -> PipelineRecord
  {
    let path = folder + "/pipeline.yaml"
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    let runner = try PipelineRunner(
      definition: PipelineDefinition.read(path: path), force: force)
    return try runner.run { _ in }
  }

  private static func statuses(_ record: PipelineRecord) -> [String: String] {
    Dictionary(uniqueKeysWithValues: record.stages.map { ($0.name, $0.status) })
  }

  @Test func secondRunReusesEveryStageAndChangedCalibrationRerunsOnlyQuantizeAndExport() throws {
    let folder = try TestFolder.make()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let output = folder + "/out"
    let first = try Self.run(TinyPipelineFile.text(output: output), in: folder)
    #expect(Self.statuses(first) == ["cloud": "ran", "edge": "ran", "tflite": "ran"])
    let trained = try #require(first.stages.first?.artifactID)

    let second = try Self.run(TinyPipelineFile.text(output: output), in: folder)
    #expect(Self.statuses(second) == ["cloud": "reused", "edge": "reused", "tflite": "reused"])
    #expect(second.stages.map(\.key) == first.stages.map(\.key))
    #expect(second.stages.map(\.artifactID) == first.stages.map(\.artifactID))

    let changed = try Self.run(
      TinyPipelineFile.text(output: output, calibration: "percentile:99.9"), in: folder)
    #expect(Self.statuses(changed) == ["cloud": "reused", "edge": "ran", "tflite": "ran"])
    #expect(changed.stages[0].artifactID == trained)
    #expect(changed.stages[1].artifactID != first.stages[1].artifactID)
    #expect(changed.stages[2].key != first.stages[2].key)

    // Both quantized variants stay cached side by side.
    let back = try Self.run(TinyPipelineFile.text(output: output), in: folder)
    #expect(Self.statuses(back) == ["cloud": "reused", "edge": "reused", "tflite": "reused"])

    let forced = try Self.run(TinyPipelineFile.text(output: output), in: folder, force: ["edge"])
    #expect(Self.statuses(forced) == ["cloud": "reused", "edge": "ran", "tflite": "reused"])
    #expect(
      forced.stages[1].artifactID == first.stages[1].artifactID, "quantization is deterministic")
  }

  @Test func outputsAreLinkedAndRecorded() throws {
    let folder = try TestFolder.make()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let output = folder + "/out"
    let record = try Self.run(TinyPipelineFile.text(output: output), in: folder)
    let json = try Data(contentsOf: URL(fileURLWithPath: output + "/pipeline.json"))
    #expect(try JSONDecoder().decode(PipelineRecord.self, from: json) == record)
    let edge = try ModelArtifact.read(path: output + "/edge/model.tsm")
    #expect(edge.id == record.stages[1].artifactID)
    #expect(edge.card.lineage.parent == record.stages[0].artifactID)
    #expect(edge.card.lineage.stage == "quantize")
    #expect(edge.card.precision == "int8")
    #expect(edge.card.metric("arena_bytes") != nil)
    let tflite = output + "/tflite/model.tflite"
    #expect(record.stages[2].files == [record.stages[2].folder + "/model.tflite"])
    let bytes = try Data(contentsOf: URL(fileURLWithPath: tflite))
    #expect(bytes.count > 1000 && bytes[4..<8] == Data("TFL3".utf8))
    #expect(
      record.stages[2].record.lines.allSatisfy { !$0.contains(".partial") },
      "\(record.stages[2].record.lines)")
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: output + "/cache")
    #expect(leftovers.allSatisfy { !$0.hasSuffix(".partial") }, "\(leftovers)")
  }

  @Test func dryRunListsWhatWouldRunAndWhatIsCached() throws {
    let folder = try TestFolder.make()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let path = folder + "/pipeline.yaml"
    try TinyPipelineFile.text(output: folder + "/out").write(
      toFile: path, atomically: true, encoding: .utf8)
    let runner = try PipelineRunner(definition: PipelineDefinition.read(path: path))
    let before = try runner.plan().map(\.1)
    guard case .wouldRun(_, resumable: false) = before[0] else {
      Issue.record("cloud: \(before[0])")
      return
    }
    #expect(before[1] == .waitsForInput("cloud"))
    _ = try runner.run { _ in }
    let after = try runner.plan().map(\.1)
    for plan in after {
      guard case .cached = plan else {
        Issue.record("not cached after a run: \(plan)")
        continue
      }
    }
  }
}
