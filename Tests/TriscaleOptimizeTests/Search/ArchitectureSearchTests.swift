import Foundation
import Testing
import TriscaleCore
import TriscaleData
import TriscaleGraph

@testable import TriscaleOptimize

@Suite("Architecture search")
struct ArchitectureSearchTests {
  /// A small corner of the space, so that each tiny search runs in seconds.
  static var space: MicroSearchSpace {
    var space = MicroSearchSpace()
    space.widths = [8, 12, 16]
    space.depths = [1, 2]
    return space
  }

  /// A tiny search: 64 proxy images, one epoch, 32 held-out images.
  static func settings(candidates: Int = 4) throws -> ArchitectureSearch.Settings {
    var settings = ArchitectureSearch.Settings()
    settings.budget = try SearchBudget(parsing: "ram=24K,flash=64K,macs=2M")
    (settings.population, settings.candidates, settings.tournament) = (3, candidates, 2)
    (settings.proxyEpochs, settings.proxyImages, settings.validationImages) = (1, 64, 32)
    settings.seed = 5
    return settings
  }

  static let trainSet = SyntheticDataset.standard(split: .train).prefix(200)

  /// Runs a search into a fresh folder (or `folder`), returning the result and the folder.
  static func search(
    _ settings: ArchitectureSearch.Settings, folder: String? = nil, lines: inout [String]
  ) throws -> (SearchResult, String) {
    let folder =
      folder
      ?? FileManager.default.temporaryDirectory.appendingPathComponent(
        "search-\(UUID().uuidString)"
      ).path
    var collected: [String] = []
    var settings = settings
    settings.space = space
    let result = try ArchitectureSearch.run(
      settings, trainSet: trainSet, normalization: .fit(trainSet), folder: folder
    ) { collected.append($0) }
    lines += collected
    return (result, folder)
  }

  @Test(
    "the same seed gives the same candidates, figures and proxy accuracies; all files are written")
  func deterministic() throws {
    var lines: [String] = []
    let (first, folder) = try Self.search(try Self.settings(), lines: &lines)
    let (second, _) = try Self.search(try Self.settings(), lines: &lines)
    #expect(first.candidates.map(\.name) == second.candidates.map(\.name))
    #expect(first.candidates.map(\.figures) == second.candidates.map(\.figures))
    #expect(first.candidates.map(\.proxyAccuracy) == second.candidates.map(\.proxyAccuracy))
    #expect(first.trainedCount == 4)
    #expect(
      first.candidates.allSatisfy {
        $0.feasible == (try! Self.settings()).budget.admits($0.figures)
      })
    #expect(first.candidates.filter(\.feasible).allSatisfy { $0.proxyAccuracy != nil })
    #expect(first.candidates.filter { !$0.feasible }.allSatisfy { $0.proxyAccuracy == nil })
    #expect(first.candidates.allSatisfy { Self.space.contains($0.architecture) })
    #expect(Set(first.candidates.map(\.name)).count == first.candidates.count)
    #expect(lines.contains { $0.contains("[4/4]") && $0.contains("ETA") })
    for file in ["candidates.json", "pareto.json", "pareto.svg", "chosen.json"] {
      #expect(FileManager.default.fileExists(atPath: folder + "/" + file), "\(file)")
    }
    #expect(!FileManager.default.fileExists(atPath: folder + "/proxy-training.ckpt"))
    let heldOut = try Self.settings().validationImages
    #expect(first.chosen == CandidateRanking.best(of: first.candidates, heldOut: heldOut))
    #expect(try ModelZoo.graph(named: first.chosen.name).name == first.chosen.name)
    var other = try Self.settings()
    other.seed = 6
    let (third, _) = try Self.search(other, lines: &lines)
    #expect(third.candidates.map(\.name) != first.candidates.map(\.name))
  }

  @Test("initial architectures come first, before the random draws; a bad name is refused")
  func initialPopulation() throws {
    var settings = try Self.settings(candidates: 3)
    settings.initial = [
      "micro:w16.16.16-d1.1.1-k3-conv-res-s2", "micro:w128.128.128-d1.1.1-k3-conv-res-s1",
    ]
    var lines: [String] = []
    let (result, _) = try Self.search(settings, lines: &lines)
    #expect(result.candidates[0].name == settings.initial[0])
    #expect(result.candidates[0].feasible)
    #expect(result.candidates[1].name == settings.initial[1])
    #expect(!result.candidates[1].feasible, "over budget: logged, not trained")
    let (plain, _) = try Self.search(try Self.settings(candidates: 3), lines: &lines)
    #expect(result.candidates.map(\.name) != plain.candidates.map(\.name))
    settings.initial = ["resnet8"]
    #expect { try settings.validate() } throws: { "\($0)".contains("does not start with micro:") }
  }

  @Test("a restarted search reuses the logged candidates without evaluating them again")
  func resume() throws {
    var lines: [String] = []
    let (short, folder) = try Self.search(try Self.settings(candidates: 3), lines: &lines)
    // Mark the log so that a reused candidate is told apart from a re-evaluated one.
    let logPath = folder + "/candidates.json"
    var log = try JSONDecoder().decode(
      SearchLog.self, from: Data(contentsOf: URL(fileURLWithPath: logPath)))
    let marked = try #require(log.candidates.firstIndex { $0.feasible })
    log.candidates[marked].seconds = 12_345
    try log.write(to: logPath)
    lines = []
    let (long, _) = try Self.search(try Self.settings(candidates: 4), folder: folder, lines: &lines)
    #expect(long.reusedCount == short.candidates.count)
    #expect(
      Array(long.candidates.prefix(short.candidates.count).map(\.name))
        == short.candidates.map(\.name))
    #expect(long.candidates[marked].seconds == 12_345)
    #expect(long.trainedCount == 4)
    #expect(lines.filter { $0.contains("reused from candidates.json") }.count == short.trainedCount)
    // Another start shifts every index: the candidates are still reused, by name.
    var shifted = try Self.settings(candidates: 4)
    shifted.initial = ["micro:w16.16.16-d1.1.1-k3-conv-res-s2"]
    let (later, _) = try Self.search(shifted, folder: folder, lines: &lines)
    #expect(later.candidates[0].name == shifted.initial[0])
    #expect(later.reusedCount > 0)
    #expect(
      later.reusedCount
        == later.candidates.filter { name in long.candidates.contains { $0.name == name.name } }
        .count)
    let (fresh, _) = try Self.search(try Self.settings(candidates: 4), lines: &lines)
    #expect(fresh.candidates.map(\.name) == long.candidates.map(\.name))
    #expect(fresh.candidates.map(\.proxyAccuracy) == long.candidates.map(\.proxyAccuracy))
  }

  @Test("a folder holding another search's log is refused, naming the fix")
  func otherSearch() throws {
    var lines: [String] = []
    let (_, folder) = try Self.search(try Self.settings(candidates: 1), lines: &lines)
    var other = try Self.settings(candidates: 1)
    other.proxyEpochs = 2
    #expect {
      try Self.search(other, folder: folder, lines: &lines)
    } throws: { "\($0)".contains("candidates of another search") }
  }

  @Test(
    "a budget no architecture meets is refused before any training, naming the smallest figures")
  func unattainable() throws {
    var settings = try Self.settings()
    settings.budget = try SearchBudget(parsing: "ram=1K")
    var lines: [String] = []
    #expect {
      try Self.search(settings, lines: &lines)
    } throws: { error in
      "\(error)".contains("ram=1024 is below the") && "\(error)".contains("micro:w8.8.8-d1.1.1-k3")
    }
    #expect(lines.isEmpty)
  }

  @Test("proxy subset and held-out slice must not overlap")
  func overlap() throws {
    var settings = try Self.settings()
    settings.proxyImages = 190
    var lines: [String] = []
    #expect {
      try Self.search(settings, lines: &lines)
    } throws: { "\($0)".contains("overlap") }
  }
}
