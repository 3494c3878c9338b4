import Foundation
import TriscaleCore
import TriscaleData
import TriscaleGraph

/// Architecture search under microcontroller budgets: aging evolution
/// (``AgingEvolution``) over the ``MicroSearchSpace``, every candidate's RAM
/// and flash taken from the C generator's plan (``CandidateFigures``), the
/// feasible ones scored by proxy training (``ProxyTraining``). Writes
/// `candidates.json` as it goes (and resumes from it), then `pareto.json`,
/// `pareto.svg` and `chosen.json` (``SearchResult``).
public enum ArchitectureSearch {
  /// What to search for and how hard: `triscale search`'s own flags.
  public struct Settings: Codable, Equatable, Sendable {
    /// RAM, flash and MACs a candidate may need, and the target.
    public var budget = SearchBudget(ramBytes: 64 * 1024, flashBytes: 256 * 1024, macs: 30_000_000)
    /// Members of the evolving population (also the random initial ones).
    public var population = 8
    /// Feasible candidates to train and score in all (the initial population included).
    public var candidates = 24
    /// Members drawn for each tournament (at most the population).
    public var tournament = 3
    /// Proxy training epochs per candidate.
    public var proxyEpochs = 2
    /// Training images proxy training uses (the first of the training set).
    public var proxyImages = 6000
    /// Held-out training images each candidate is scored on (the last of the training set).
    public var validationImages = 2000
    /// Seed of the search's draws and of every candidate's training.
    public var seed: UInt64 = 1
    /// Architectures (``MicroArchitecture`` names) the initial population
    /// starts with, before the random ones — a hand-designed baseline to
    /// improve on, such as resnet8's `micro:w16.32.64-d1.1.1-k3-conv-res-s1`.
    public var initial: [String] = []
    /// The genes' values searched (the standard space by default).
    public var space = MicroSearchSpace()

    /// The defaults.
    public init() {}

    /// The keys, which are the command-line flag names.
    public enum CodingKeys: String, CodingKey, CaseIterable {
      case budget, population, candidates, tournament
      case proxyEpochs = "proxy-epochs"
      case proxyImages = "proxy-images"
      case validationImages = "validation-images"
      case seed, initial, space
    }

    /// Checks every count and initial architecture, naming the flag and the fix.
    public func validate() throws {
      _ = try initialArchitectures
      try Bounds.check(
        population, in: 1...10_000, name: "--population", fix: "Use a few members, e.g. 8")
      try Bounds.check(
        candidates, in: 1...100_000, name: "--candidates",
        fix: "Use a candidate count such as 24 (the population included)")
      try Bounds.check(
        tournament, in: 1...10_000, name: "--tournament",
        fix: "Draw a few members, e.g. 3 (at most the population is drawn)")
      try Bounds.check(
        proxyEpochs, in: 1...Bounds.epochs, name: "--proxy-epochs", fix: "Use 1 to 3 epochs")
      try Bounds.check(
        proxyImages, in: 1...100_000_000, name: "--proxy-images",
        fix: "Use a subset such as 5000 images")
      try Bounds.check(
        validationImages, in: 1...100_000_000, name: "--validation-images",
        fix: "Hold out a slice such as 2000 images")
    }

    /// The genomes ``initial`` names.
    public var initialArchitectures: [MicroArchitecture] {
      get throws { try initial.map(MicroArchitecture.init(name:)) }
    }
  }

  /// Training images the figures are calibrated on (int8 sizes do not depend on the ranges).
  static let calibrationImages = 8

  /// Searches with `settings` on `trainSet` (normalized with
  /// `normalization`), writing into the folder `folder` (created if
  /// needed); `report` receives progress lines.
  ///
  /// - Throws: for a training set too small for the proxy subset and the
  ///   held-out slice, a budget below what the space's smallest genomes need
  ///   (naming that figure), a `candidates.json` of another search in
  ///   `folder`, or a failing evaluation.
  public static func run(
    _ settings: Settings, trainSet: Dataset, normalization: Normalization, folder: String,
    report: @escaping (String) -> Void
  ) throws -> SearchResult {
    try settings.validate()
    let space = settings.space
    let started = Date()
    guard settings.proxyImages + settings.validationImages <= trainSet.count else {
      throw TriscaleError.invalidArgument(
        name: "--proxy-images and --validation-images",
        problem:
          "\(settings.proxyImages) + \(settings.validationImages) images are more than the \(trainSet.count) of \(trainSet.name), so the held-out slice would overlap the proxy subset",
        fix: "Lower them to at most \(trainSet.count) together")
    }
    let calibration = trainSet.prefix(calibrationImages)
    let smallest = try space.smallest.map { architecture in
      (
        architecture: architecture,
        figures: try CandidateFigures.measure(
          architecture, calibration: calibration, normalization: normalization,
          target: settings.budget.target, seed: settings.seed)
      )
    }
    try settings.budget.checkAttainable(
      smallest: smallest.map { ($0.architecture.name, $0.figures) })
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let proxy = ProxyTraining(
      trainSet: trainSet.prefix(settings.proxyImages),
      validationSet: trainSet.suffix(settings.validationImages), normalization: normalization,
      epochs: settings.proxyEpochs, seed: settings.seed,
      checkpointPath: folder + "/proxy-training.ckpt")
    var evaluator = try CandidateEvaluator(
      settings: settings, calibration: calibration, normalization: normalization, proxy: proxy,
      logPath: folder + "/" + SearchLog.fileName,
      search: searchIdentity(settings, trainSet: trainSet), report: report)
    report(
      "search: aging evolution over \(space.size) architectures, population \(settings.population), tournament \(settings.tournament), \(settings.candidates) candidates; budget \(settings.budget); proxy \(settings.proxyEpochs) epoch(s) on \(proxy.trainSet.count) images, scored on \(proxy.validationSet.count) held-out training images"
    )
    let evolution = AgingEvolution(
      settings: settings, space: space,
      fallback: smallest.filter { settings.budget.admits($0.figures) }.map(\.architecture))
    try evolution.run(&evaluator, report: report)
    let result = try SearchResult(
      candidates: evaluator.candidates, heldOut: settings.validationImages,
      reusedCount: evaluator.reusedCount,
      seconds: Date().timeIntervalSince(started))
    try result.write(to: folder)
    return result
  }

  /// What a logged candidate's figures and score depend on — the budget
  /// (feasibility, the target), the proxy recipe, the seed and the training
  /// data — so that a search restarted with more candidates, another
  /// population or tournament, or another space reuses them.
  private static func searchIdentity(_ settings: Settings, trainSet: Dataset) -> String {
    return
      "budget \(settings.budget), proxy \(settings.proxyEpochs) epoch(s) on \(settings.proxyImages) images, \(settings.validationImages) held out, seed \(settings.seed), on \(trainSet.name) (\(trainSet.count) images, \(trainSet.imageShape), \(trainSet.classCount) classes)"
  }
}
