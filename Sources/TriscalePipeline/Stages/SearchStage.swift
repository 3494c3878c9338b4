import Foundation
import TriscaleArtifact
import TriscaleCore
import TriscaleData
import TriscaleEngine
import TriscaleGraph
import TriscaleOptimize

/// Searches the microcontroller architecture space under a RAM, flash and
/// MAC budget (``ArchitectureSearch``). Its artifact is the chosen
/// architecture with fresh initial weights — a float model the next stage
/// trains (its graph name, `micro:…`, is one the zoo rebuilds); its files are
/// the search folder (`candidates.json`, `pareto.json`, `pareto.svg`,
/// `chosen.json`).
public enum SearchStage: Stage {
  /// The stage kind in pipeline files.
  public static let kind = "search"
  /// The name of the folder it writes.
  public static let folderName = "search"

  /// Compute threads.
  public struct Threads: ConfigurationPart {
    /// Compute threads for proxy training.
    public var threads = 2

    /// The defaults.
    public init() {}

    /// The key, which is the command-line flag name.
    public enum CodingKeys: String, CodingKey, CaseIterable { case threads }
  }

  /// `triscale search`'s flags (the output folder aside).
  public struct Configuration: FlatConfiguration {
    /// The budget, the population, the candidate count and the proxy.
    public var search = ArchitectureSearch.Settings()
    /// The dataset (its training split only is read).
    public var data = DatasetConfiguration()
    /// Compute threads.
    public var threads = Threads()

    /// The defaults.
    public init() {}

    /// The search settings, the data keys and threads.
    public static let parts = [
      PartAccess(\Configuration.search), PartAccess(\.data), PartAccess(\.threads),
    ]

    /// Checks the settings, the data and the thread count.
    public func validate() throws {
      try search.validate()
      try data.validate()
      try Bounds.checkThreads(threads.threads)
    }

    /// The data's fingerprint: changed data files mean a new search.
    public func externalFingerprint() throws -> String { try data.fingerprint() }
  }

  /// Searches into ``StageContext/filePath`` of ``folderName`` (resuming
  /// from the `candidates.json` there); `input` is not used.
  public static func run(
    _ configuration: Configuration, input: ModelArtifact?, context: StageContext
  ) throws -> StageOutput {
    try configuration.validate()
    setComputeThreadCount(configuration.threads.threads)
    let trainSet = try configuration.data.load(.train)
    let normalization = configuration.data.normalization(train: trainSet)
    let folder = context.filePath(folderName)
    let result = try ArchitectureSearch.run(
      configuration.search, trainSet: trainSet, normalization: normalization, folder: folder
    ) { context.report(.message($0)) }
    let chosen = result.chosen
    let graph = try ModelZoo.graph(
      named: chosen.name, inputShape: trainSet.imageShape, classCount: trainSet.classCount)
    let record = record(of: result, budget: configuration.search.budget, context: context)
    let card = ModelCard(
      architecture: graph.name, precision: "fp32", dataset: trainSet.name,
      normalization: normalization, inputShape: trainSet.imageShape,
      classCount: trainSet.classCount, classNames: trainSet.classNames,
      lineage: Lineage(parent: nil, stage: kind, configuration: configuration.canonicalJSON),
      metrics: record.metrics)
    let artifact = ModelArtifact(
      weights: .float(
        graph: graph,
        parameters: ParameterStore(initializing: graph, seed: configuration.search.seed)),
      card: card)
    return StageOutput(artifact: artifact, files: [folderName: folder], record: record)
  }

  /// The chosen candidate's figures, the search's wall time and its summary lines.
  private static func record(
    of result: SearchResult, budget: SearchBudget, context: StageContext
  ) -> StageRecord {
    let chosen = result.chosen
    let figures = chosen.figures
    let target = budget.target
    let subject = "\(chosen.name) on \(target.rawValue) (\(target.profile.name))"
    let estimated = Provenance.estimated(
      profile: target.profile.name,
      method: "the C generator's arena plan and constant sizes, int8 after min-max calibration")
    let measured = context.measured
    let metrics = [
      Metric(
        name: "arena_bytes", value: Double(figures.arenaBytes), unit: "bytes", subject: subject,
        provenance: estimated),
      Metric(
        name: "flash_bytes", value: Double(figures.flashBytes), unit: "bytes",
        subject: subject + ", constants + code allowance", provenance: estimated),
      Metric(
        name: "macs", value: Double(figures.macs), unit: "MACs", subject: subject + ", per image",
        provenance: estimated),
      Metric(
        name: "proxy_accuracy", value: chosen.proxyAccuracy ?? 0, unit: "fraction",
        subject: "\(chosen.name), proxy training, held-out training images",
        provenance: measured),
      Metric(
        name: "search_seconds", value: result.seconds, unit: "s",
        subject:
          "\(result.trainedCount) trained of \(result.candidates.count) considered candidates, \(result.reusedCount) reused",
        provenance: measured),
    ]
    let lines = [
      String(
        format:
          "chosen %@: ram %d bytes (arena, scratch %d), flash %d bytes (constants %d), %d MACs, %d parameters, proxy top-1 %.2f%%",
        chosen.name, figures.arenaBytes, figures.scratchBytes, figures.flashBytes,
        figures.constantBytes, figures.macs, figures.parameters, (chosen.proxyAccuracy ?? 0) * 100),
      String(
        format:
          "%d candidates trained of %d considered (%d reused from candidates.json); Pareto fronts: %d vs flash, %d vs ram; wall time %.1f s",
        result.trainedCount, result.candidates.count, result.reusedCount, result.flashFront.count,
        result.ramFront.count, result.seconds),
    ]
    return StageRecord(kind: kind, metrics: metrics, lines: lines, seconds: result.seconds)
  }
}
