import Foundation
import TriscaleCore

/// Everything the trade-off report says about one pipeline run: the study's
/// table, every variant's figures, the scenario recommendations and the
/// cascade. It is written as JSON (this value), HTML (one self-contained
/// file) and Markdown (with its plots as SVG files beside it).
public struct TradeoffReport: Codable, Equatable, Sendable {
  /// A device the variants were estimated for, and how.
  public struct Device: Codable, Equatable, Sendable {
    /// Its profile id.
    public var id: String
    /// Its name.
    public var name: String
    /// Its tier.
    public var tier: Tier
    /// The estimation model and the sources of its numbers, one sentence.
    public var method: String

    /// A device.
    public init(id: String, name: String, tier: Tier, method: String) {
      self.id = id
      self.name = name
      self.tier = tier
      self.method = method
    }
  }

  /// The report's format version.
  public var formatVersion = 1
  /// Its heading.
  public var title: String
  /// The pipeline's name.
  public var pipeline: String
  /// The host the pipeline ran on (CPU model and flags).
  public var host: String
  /// When the pipeline run finished, ISO 8601.
  public var date: String
  /// What the accuracies were measured on ("cifar10-test, 10000 images").
  public var evaluation: String
  /// The study's table.
  public var study: StudyTable
  /// Every variant.
  public var variants: [TradeoffVariant]
  /// The devices estimated for.
  public var devices: [Device]
  /// The scenarios judged.
  public var scenarios: [Scenario]
  /// Their recommendations, in the same order.
  public var recommendations: [Recommendation]
  /// The cascade, when the run has one.
  public var cascade: CascadeEvaluation?
  /// Remarks: what could not be measured and why.
  public var notes: [String]

  /// A report.
  public init(
    title: String, pipeline: String, host: String, date: String, evaluation: String,
    variants: [TradeoffVariant], devices: [Device], scenarios: [Scenario],
    cascade: CascadeEvaluation?, notes: [String]
  ) {
    self.title = title
    self.pipeline = pipeline
    self.host = host
    self.date = date
    self.evaluation = evaluation
    self.study = StudyTable(variants: variants)
    self.variants = variants
    self.devices = devices
    self.scenarios = scenarios
    self.recommendations = scenarios.map {
      ScenarioEngine.recommend($0, variants: variants, cascade: cascade)
    }
    self.cascade = cascade
    self.notes = notes
  }

  /// Every plot of the report.
  public var plots: [TradeoffPlots.Plot] {
    TradeoffPlots.pareto(variants) + (cascade.map { [TradeoffPlots.cascade($0)] } ?? [])
  }

  /// Writes `report.json`, `report.html`, `report.md` and the plots (`plots/NAME.svg`) into
  /// `directory`, each file atomically; returns the HTML file's path.
  @discardableResult
  public func write(to directory: String) throws -> String {
    let plotsDirectory = directory + "/plots"
    try FileManager.default.createDirectory(
      atPath: plotsDirectory, withIntermediateDirectories: true)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    try AtomicFile.write(try encoder.encode(self), to: directory + "/report.json")
    for plot in plots {
      try AtomicFile.write(Data(plot.svg.utf8), to: "\(plotsDirectory)/\(plot.name).svg")
    }
    try AtomicFile.write(Data(ReportMarkdown.render(self).utf8), to: directory + "/report.md")
    let html = directory + "/report.html"
    try AtomicFile.write(Data(ReportHTML.render(self).utf8), to: html)
    return html
  }
}
