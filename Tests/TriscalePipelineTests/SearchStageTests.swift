import Foundation
import Testing
import TriscaleCore
import TriscaleGraph
import TriscalePipeline

/// The `search` stage as a pipeline file names it: its budget is a mapping,
/// its artifact the chosen architecture, freshly initialised.
@Suite("search stage")
struct SearchStageTests {
  @Test(
    "a search mapping decodes (budget as a mapping) and the stage's artifact is the chosen graph")
  func searches() throws {
    #expect(StageKind.all.contains("search"))
    let configuration = try SearchStage.Configuration.decode(
      [
        "budget": ["ram": "24K", "flash": 65_536, "macs": "2M"], "population": 2,
        "candidates": 2, "proxy-epochs": 1, "proxy-images": 64, "validation-images": 32,
        "train-limit": 200, "threads": 1,
      ], stage: "nas")
    #expect(configuration.search.budget.description == "ram=24K,flash=64K,macs=2M,target=cortex-m4")
    let folder = try TestFolder.make()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let output = try SearchStage.run(
      configuration, input: nil,
      context: StageContext(checkpointPath: folder + "/checkpoint", command: "test") { _ in })
    let artifact = try #require(output.artifact)
    let model = try artifact.floatModel(for: "test", fix: "")
    #expect(model.graph == (try ModelZoo.graph(named: model.graph.name)))
    #expect(model.graph.name.hasPrefix("micro:"))
    #expect(artifact.card.metric("arena_bytes").map { $0.value <= 24 * 1024 } == true)
    #expect(artifact.card.metric("search_seconds") != nil)
    let files = output.files[SearchStage.folderName] ?? ""
    for file in ["candidates.json", "pareto.json", "pareto.svg", "chosen.json"] {
      #expect(FileManager.default.fileExists(atPath: files + "/" + file), "\(file)")
    }
  }

  @Test("a bad budget in a pipeline file is one error naming the key and the fix")
  func badBudget() {
    #expect {
      try SearchStage.Configuration.decode(["budget": ["ram": 0]], stage: "nas")
    } throws: { "\($0)".contains("invalid budget ram: 0 is not positive") }
    #expect {
      try SearchStage.Configuration.decode(["budget": "ram=64K,rom=1M"], stage: "nas")
    } throws: { "\($0)".contains("budget key 'rom'") }
  }
}
