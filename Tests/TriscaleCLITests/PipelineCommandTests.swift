import Foundation
import Testing
import TriscaleTestSupport

#if canImport(Glibc)
  import Glibc
#endif

/// `triscale run`: a second run trains nothing, a run killed during training
/// finishes on re-run with the same artifacts as an uninterrupted run, and a
/// bad pipeline file gets one error line naming the stage and the key.
@Suite("triscale run")
struct PipelineCommandTests {
  /// The stage names, statuses and artifact ids `pipeline.json` records.
  private static func stages(in output: String) throws -> [(String, String, String?)] {
    let data = try Data(contentsOf: URL(fileURLWithPath: output + "/pipeline.json"))
    let record = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let stages = try #require(record["stages"] as? [[String: Any]])
    return stages.map {
      ($0["name"] as? String ?? "", $0["status"] as? String ?? "", $0["artifactID"] as? String)
    }
  }

  @Test func secondRunTrainsNothingAndReportsEveryStageAsReused() async throws {
    let scratch = try ScratchDirectory()
    defer { scratch.remove() }
    let pipeline = try scratch.write(TinyPipelineFile.text(output: "out"), to: "p.yaml")
    let first = try await TriscaleProcess.run(["run", pipeline], in: scratch)
    first.expectSuccess()
    #expect(first.standardOutput.contains("[1/3] cloud: train — running"))
    let second = try await TriscaleProcess.run(["run", pipeline], in: scratch)
    second.expectSuccess()
    for (index, stage) in ["cloud: train", "edge: quantize cloud", "tflite: export edge"]
      .enumerated()
    {
      #expect(
        second.standardOutput.contains("[\(index + 1)/3] \(stage) — reused"),
        "\(second.standardOutput)")
    }
    #expect(!second.standardOutput.contains("epoch 1/1"), "trained again: \(second.standardOutput)")
    let statuses = try Self.stages(in: scratch.file("out")).map(\.1)
    #expect(statuses == ["reused", "reused", "reused"])
    let dryRun = try await TriscaleProcess.run(["run", pipeline, "--dry-run"], in: scratch)
    dryRun.expectSuccess()
    #expect(dryRun.standardOutput.components(separatedBy: "— cached").count == 4)
  }

  @Test func killedRunFinishesWithTheSameArtifactsAsAnUninterruptedOne() async throws {
    let scratch = try ScratchDirectory()
    defer { scratch.remove() }
    func pipeline(_ name: String) throws -> String {
      try scratch.write(
        TinyPipelineFile.text(
          output: name, trainImages: 1024, epochs: 2, checkpointEvery: 4),
        to: name + ".yaml")
    }
    let (fileA, fileB) = (try pipeline("A"), try pipeline("B"))
    let uninterrupted = try TriscaleProcess.start(["run", fileA], in: scratch)
    let victim = try TriscaleProcess.start(["run", fileB], in: scratch)
    defer { for run in [uninterrupted, victim] where run.isRunning { run.kill() } }
    let cache = scratch.file("B/cache")
    let killed = await MidEpochKill.kill(victim) {
      let entries = (try? FileManager.default.contentsOfDirectory(atPath: cache)) ?? []
      return entries.first { $0.hasSuffix(".partial") }.map {
        cache + "/" + $0 + "/checkpoint.ckpt"
      }
    }
    let interrupted = try await victim.finish()
    try #require(killed, "output of the run: \(interrupted.standardOutput)")
    #expect(!FileManager.default.fileExists(atPath: scratch.file("B/pipeline.json")))

    let resumed = try await TriscaleProcess.run(["run", fileB], in: scratch)
    resumed.expectSuccess()
    #expect(
      resumed.standardOutput.contains("cloud: train — resuming from its checkpoint"),
      "\(resumed.standardOutput)")
    #expect(resumed.standardOutput.contains("train: resuming at epoch"))
    try await uninterrupted.finish().expectSuccess()

    let stagesA = try Self.stages(in: scratch.file("A"))
    let stagesB = try Self.stages(in: scratch.file("B"))
    #expect(stagesB.map(\.1) == ["resumed", "ran", "ran"])
    #expect(stagesA.map(\.2) == stagesB.map(\.2), "artifact ids differ after the resume")
    #expect(stagesA.allSatisfy { $0.0 == "tflite" || $0.2 != nil })
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: cache)
    #expect(leftovers.allSatisfy { !$0.hasSuffix(".partial") }, "\(leftovers)")
  }

  @Test func badPipelinesGetOneErrorLineNamingTheStageAndTheKey() async throws {
    let scratch = try ScratchDirectory()
    defer { scratch.remove() }
    let good = TinyPipelineFile.text(output: "out")
    let cases: [(String, [String], [String])] = [
      (
        good.replacingOccurrences(of: "calibration:", with: "calibraton:"), [],
        ["edge", "calibraton"]
      ),
      (
        good.replacingOccurrences(of: "epochs: 1", with: "epochs: many"), [],
        ["cloud", "epochs", "many"]
      ),
      (good.replacingOccurrences(of: "input: edge", with: "input: edgy"), [], ["tflite", "edgy"]),
      (good, ["--force", "cloudy"], ["--force", "cloudy", "cloud, edge, tflite"]),
    ]
    for (index, (text, flags, fragments)) in cases.enumerated() {
      let file = try scratch.write(text, to: "bad\(index).yaml")
      let output = try await TriscaleProcess.run(["run", file] + flags, in: scratch)
      output.expectOneLineError(mentioning: fragments)
      #expect(!FileManager.default.fileExists(atPath: scratch.file("out")))
    }
    let missing = try await TriscaleProcess.run(["run", "nowhere.yaml"], in: scratch)
    missing.expectOneLineError(mentioning: ["nowhere.yaml", "no such file"])
  }

  @Test func trainStageRunsDataParallelUnderMPI() async throws {
    try #require(
      FileManager.default.isExecutableFile(atPath: "/usr/bin/mpirun"),
      "Open MPI's mpirun is missing: run scripts/install-system-deps.sh")
    let scratch = try ScratchDirectory()
    defer { scratch.remove() }
    let pipeline = try scratch.write(
      TinyPipelineFile.text(output: "out", trainImages: 256, ranks: 2), to: "p.yaml")
    let output = try await TriscaleProcess.run(["run", pipeline], in: scratch)
    output.expectSuccess()
    #expect(output.standardOutput.contains("2 rank(s)"), "\(output.standardOutput)")
    #expect(try Self.stages(in: scratch.file("out")).map(\.1) == ["ran", "ran", "ran"])
  }
}
