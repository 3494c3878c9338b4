import Foundation
import TriscaleAnalysis
import TriscaleCore

/// What a search found: every candidate, the Pareto fronts of proxy
/// accuracy against flash and against RAM (feasible candidates only), and
/// the chosen architecture — the best feasible one by ``CandidateRanking``
/// (the most accurate, or among those within one standard error of it the
/// one with the most MACs).
public struct SearchResult: Sendable {
  /// Every candidate considered, in order (over-budget ones included).
  public var candidates: [SearchCandidate]
  /// The front of proxy accuracy against flash, by increasing flash.
  public var flashFront: [SearchCandidate]
  /// The front of proxy accuracy against RAM (arena), by increasing RAM.
  public var ramFront: [SearchCandidate]
  /// The chosen architecture.
  public var chosen: SearchCandidate
  /// Candidates taken from an earlier run's `candidates.json`.
  public var reusedCount: Int
  /// Wall time of this run, seconds.
  public var seconds: Double

  /// The result over `candidates`, scored on `heldOut` images.
  ///
  /// - Throws: when no candidate is feasible.
  public init(candidates: [SearchCandidate], heldOut: Int, reusedCount: Int, seconds: Double)
    throws
  {
    let feasible = candidates.filter { $0.feasible && $0.proxyAccuracy != nil }
    guard let chosen = CandidateRanking.best(of: feasible, heldOut: heldOut) else {
      throw TriscaleError.invalidArgument(
        name: "budget", problem: "the search found no candidate within it",
        fix: "Raise the budget, or search longer (--candidates)")
    }
    func front(_ cost: (CandidateFigures) -> Int) -> [SearchCandidate] {
      ParetoFront.indices(
        of: feasible.map { (Double(cost($0.figures)), $0.proxyAccuracy ?? 0) }
      ).map { feasible[$0] }
    }
    self.candidates = candidates
    flashFront = front(\.flashBytes)
    ramFront = front(\.arenaBytes)
    self.chosen = chosen
    self.reusedCount = reusedCount
    self.seconds = seconds
  }

  /// The candidates trained and scored.
  public var trainedCount: Int { candidates.count { $0.feasible } }

  /// The seconds all candidates took, in this run and the earlier ones it reused.
  public var candidateSeconds: Double { candidates.reduce(0) { $0 + $1.seconds } }

  /// `pareto.json`: both fronts.
  struct ParetoFile: Codable {
    var format = "triscale-search-pareto"
    var formatVersion = 1
    var accuracyVsFlash: [SearchCandidate]
    var accuracyVsRAM: [SearchCandidate]
  }

  /// `chosen.json`: the chosen candidate and the search's totals.
  struct ChosenFile: Codable {
    var format = "triscale-search-chosen"
    var formatVersion = 1
    var chosen: SearchCandidate
    var trainedCandidates: Int
    var consideredCandidates: Int
    var wallSeconds: Double
    var candidateSeconds: Double
  }

  /// Writes `pareto.json`, `pareto.svg` and `chosen.json` into `folder`, each atomically.
  public func write(to folder: String) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    try AtomicFile.write(
      try encoder.encode(ParetoFile(accuracyVsFlash: flashFront, accuracyVsRAM: ramFront))
        + Data("\n".utf8), to: folder + "/pareto.json")
    try AtomicFile.write(Data(paretoPlot.utf8), to: folder + "/pareto.svg")
    try AtomicFile.write(
      try encoder.encode(
        ChosenFile(
          chosen: chosen, trainedCandidates: trainedCount, consideredCandidates: candidates.count,
          wallSeconds: seconds, candidateSeconds: candidateSeconds)) + Data("\n".utf8),
      to: folder + "/chosen.json")
  }

  /// Two scatter plots side by side, proxy accuracy against flash and
  /// against RAM, every feasible candidate with its front joined by a line.
  var paretoPlot: String {
    let feasible = candidates.filter { $0.feasible }
    func plot(_ what: String, _ front: [SearchCandidate], _ cost: (CandidateFigures) -> Int)
      -> SVGLinePlot
    {
      func points(_ candidates: [SearchCandidate]) -> [(x: Double, y: Double)] {
        candidates.map { (Double(cost($0.figures)) / 1024, ($0.proxyAccuracy ?? 0) * 100) }
      }
      return SVGLinePlot(
        title: "Proxy accuracy vs \(what) (\(feasible.count) feasible candidates)",
        xLabel: "\(what) (KB)", yLabel: "proxy top-1 (%)",
        series: [
          .init(name: "candidates", points: points(feasible), connected: false),
          .init(name: "Pareto front", points: points(front)),
        ])
    }
    return SVGLinePlot.sideBySide([
      plot("flash", flashFront, \.flashBytes), plot("RAM (arena)", ramFront, \.arenaBytes),
    ])
  }
}
