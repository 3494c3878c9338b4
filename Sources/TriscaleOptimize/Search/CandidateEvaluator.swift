import Foundation
import TriscaleCore
import TriscaleData
import TriscaleGraph

/// Evaluates the candidates of one search in order: their figures on the
/// target, the budget check, proxy training of the feasible ones; appends
/// each to `candidates.json` as it completes and reuses what an earlier run
/// of the same search already evaluated there.
struct CandidateEvaluator {
  /// What is searched for.
  let settings: ArchitectureSearch.Settings
  /// The images the figures are calibrated on.
  let calibration: Dataset
  /// Their normalization.
  let normalization: Normalization
  /// The fitness.
  let proxy: ProxyTraining
  /// `candidates.json`.
  let logPath: String
  /// What the log records as the search.
  let search: String
  /// Receives one line per candidate.
  let report: (String) -> Void
  /// The candidates an earlier run evaluated, by name.
  private let earlier: [String: SearchCandidate]
  /// The candidates of this run, in order (reused ones included).
  private(set) var candidates: [SearchCandidate] = []
  private var names: Set<String> = []
  /// The names of the candidates taken from the earlier run.
  private var reused: Set<String> = []
  private var newTrained = (count: 0, seconds: 0.0)

  /// An evaluator writing `logPath`, reusing its candidates when it holds this search's.
  init(
    settings: ArchitectureSearch.Settings, calibration: Dataset, normalization: Normalization,
    proxy: ProxyTraining, logPath: String, search: String, report: @escaping (String) -> Void
  ) throws {
    (self.settings, self.calibration, self.normalization, self.proxy) = (
      settings, calibration, normalization, proxy
    )
    (self.logPath, self.search, self.report) = (logPath, search, report)
    let logged = try SearchLog.candidates(at: logPath, search: search)
    earlier = Dictionary(logged.map { ($0.name, $0) }) { first, _ in first }
  }

  /// The feasible candidates evaluated so far (the trained ones).
  var trainedCount: Int { candidates.count { $0.feasible } }

  /// The candidates reused from an earlier run.
  var reusedCount: Int { reused.count }

  /// Whether `architecture` was already evaluated in this run.
  func contains(_ architecture: MicroArchitecture) -> Bool { names.contains(architecture.name) }

  /// Evaluates `architecture` (or reuses an earlier run's result), records it and logs it.
  mutating func evaluate(_ architecture: MicroArchitecture) throws -> SearchCandidate {
    let index = candidates.count + 1
    let candidate: SearchCandidate
    if var earlier = earlier[architecture.name] {
      earlier.index = index
      candidate = earlier
      reused.insert(earlier.name)
    } else {
      let start = Date()
      let figures = try CandidateFigures.measure(
        architecture, calibration: calibration, normalization: normalization,
        target: settings.budget.target, seed: settings.seed)
      let feasible = settings.budget.admits(figures)
      let accuracy =
        feasible
        ? try proxy.accuracy(
          of: architecture.graph(
            inputShape: calibration.imageShape, classCount: calibration.classCount)) : nil
      candidate = SearchCandidate(
        index: index, architecture: architecture, figures: figures, feasible: feasible,
        proxyAccuracy: accuracy, seconds: Date().timeIntervalSince(start))
      if feasible { newTrained = (newTrained.count + 1, newTrained.seconds + candidate.seconds) }
    }
    candidates.append(candidate)
    names.insert(candidate.name)
    try SearchLog(search: search, candidates: candidates).write(to: logPath)
    report(line(for: candidate, reused: reused.contains(candidate.name)))
    return candidate
  }

  /// The progress line of `candidate`.
  private func line(for candidate: SearchCandidate, reused: Bool) -> String {
    let figures = candidate.figures
    let sizes = String(
      format: "ram %.1f KB, flash %.1f KB, %.2f M MACs", Double(figures.arenaBytes) / 1024,
      Double(figures.flashBytes) / 1024, Double(figures.macs) / 1e6)
    guard let accuracy = candidate.proxyAccuracy else {
      return "search: #\(candidate.index) \(candidate.name): \(sizes) — over budget, not trained"
    }
    let trained = trainedCount
    let remaining = max(settings.candidates - trained, 0)
    let mean = newTrained.count > 0 ? newTrained.seconds / Double(newTrained.count) : 0
    return String(
      format: "search: [%d/%d] #%d %@: %@, proxy %.2f%%, %.1f s%@, ETA %@", trained,
      settings.candidates, candidate.index, candidate.name, sizes, accuracy * 100,
      candidate.seconds, reused ? " (reused from candidates.json)" : "",
      Self.duration(mean * Double(remaining)))
  }

  /// `seconds` as `12m05s`.
  static func duration(_ seconds: Double) -> String {
    let whole = Int(seconds.rounded())
    return String(format: "%dm%02ds", whole / 60, whole % 60)
  }
}
