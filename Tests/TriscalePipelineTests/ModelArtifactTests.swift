import Foundation
import Testing
import TriscaleArtifact
import TriscaleCore
import TriscaleData
import TriscaleGraph
import TriscalePipeline

/// Artifacts: the card survives the file, the id hashes weights and lineage
/// but not figures, and model files from before model cards still read.
@Suite("Model artifacts")
struct ModelArtifactTests {
  private static func artifact(seed: UInt64, parent: String? = nil) throws -> ModelArtifact {
    let graph = try ModelZoo.graph(named: "dscnn-micro", inputShape: [12, 12, 1], classCount: 3)
    let card = ModelCard(
      architecture: graph.name, precision: "fp32", dataset: "toy-train",
      normalization: try Normalization(mean: [0.5], std: [0.25]), inputShape: [12, 12, 1],
      classCount: 3, classNames: ["a", "b", "c"],
      lineage: Lineage(parent: parent, stage: "train", configuration: "{\"epochs\":1}"))
    return ModelArtifact(
      weights: .float(graph: graph, parameters: ParameterStore(initializing: graph, seed: seed)),
      card: card)
  }

  @Test func cardAndIdSurviveTheFile() throws {
    let folder = try TestFolder.make()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    var original = try Self.artifact(seed: 1)
    original.card.metrics.append(
      Metric(
        name: "top1", value: 0.5, unit: "fraction", subject: "toy-test, 10 images",
        provenance: .measured(host: "here", date: "2026-12-01", command: "test")))
    try original.write(to: folder + "/m.tsm")
    let read = try ModelArtifact.read(path: folder + "/m.tsm")
    #expect(read.card == original.card)
    #expect(read.id == original.id)
    #expect(read.id.count == 32)
  }

  @Test func idHashesWeightsAndLineageButNotFigures() throws {
    let base = try Self.artifact(seed: 1)
    var measured = base
    measured.card.metrics.append(
      Metric(
        name: "latency_ms", value: 1, unit: "ms", subject: "batch 1",
        provenance: .estimated(profile: "cortex-m4", method: "instruction count")))
    #expect(measured.id == base.id)
    #expect(try Self.artifact(seed: 2).id != base.id)
    #expect(try Self.artifact(seed: 1, parent: "abc").id != base.id)
  }

  @Test func filesWithoutACardReadWithAnImportLineage() throws {
    let folder = try TestFolder.make()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let graph = try ModelZoo.graph(named: "dscnn-micro")
    let normalization = try Normalization(mean: [0.4, 0.5, 0.6], std: [0.2, 0.2, 0.2])
    let legacy = ModelFile(
      graph: graph, parameters: ParameterStore(initializing: graph, seed: 3),
      metadata: [
        "dataset": "cifar10-train", "test_accuracy": "0.8709", "created": "2026-11-29T10:00:00Z",
        "normalization": String(decoding: try JSONEncoder().encode(normalization), as: UTF8.self),
      ])
    try legacy.write(path: folder + "/old.tsm")
    let read = try ModelArtifact.read(path: folder + "/old.tsm")
    #expect(read.card.lineage.stage == "import")
    #expect(read.card.dataset == "cifar10-train")
    #expect(read.card.normalization == normalization)
    #expect(read.card.inputShape == [32, 32, 3])
    #expect(read.card.classCount == 10)
    let top1 = try #require(read.card.metric("top1"))
    #expect(top1.value == 0.8709)
    guard case .measured(_, let date, _) = top1.provenance else {
      Issue.record("legacy accuracy is not marked measured: \(top1.provenance)")
      return
    }
    #expect(date == "2026-11-29T10:00:00Z")
  }

  @Test func damagedCardIsAClearError() throws {
    let folder = try TestFolder.make()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let graph = try ModelZoo.graph(named: "dscnn-micro")
    try ModelFile(
      graph: graph, parameters: ParameterStore(initializing: graph, seed: 3),
      metadata: [ModelArtifact.cardKey: "{\"version\": 1, \"architecture\": 7}"]
    ).write(path: folder + "/bad.tsm")
    #expect {
      try ModelArtifact.read(path: folder + "/bad.tsm")
    } throws: { error in
      "\(error)".contains("bad.tsm") && "\(error)".contains("model card is not valid")
    }
  }
}
