import Foundation
import Testing
import TriscaleTestSupport

@testable import TriscaleAnalysis

@Suite("Trade-off report")
struct ReportTests {
  static let report = TradeoffReport(
    title: "Test report", pipeline: "test", host: "test host", date: "2026-12-01T00:00:00Z",
    evaluation: "test images", variants: TradeoffFixtures.variants,
    devices: [.init(id: "pi", name: "PI", tier: .edge, method: "test")],
    scenarios: [ScenarioEngineTests.scenario(minFPS: 30)], cascade: nil, notes: ["a note"])

  /// The same report with a cascade of the fixtures' edge and cloud models.
  static let reportWithCascade: TradeoffReport = {
    let labels = (0..<40).map { $0 % 2 }
    let first: [Float] = labels.enumerated().flatMap { index, label in
      index % 5 == 0 ? [Float(0.2), 0.1] : (label == 0 ? [3, 0] : [0, 3])
    }
    let second: [Float] = labels.flatMap { $0 == 0 ? [Float(2), 0] : [0, 2] }
    let cascade = try! CascadeEvaluation(
      first: "edge", firstLogits: first, second: "cloud", secondLogits: second, labels: labels,
      classCount: 2, calibrationCount: 20, tolerance: 0.005, costs: CascadeEvaluationTests.costs)
    var scenario = Scenario.mobileCascade
    scenario.device = "pi"
    scenario.offload?.profile = "server"
    scenario.constraints.maxEnergyMJ = nil  // the fixtures' devices draw watts
    return TradeoffReport(
      title: "Test report", pipeline: "test", host: "test host", date: "2026-12-01T00:00:00Z",
      evaluation: "test images", variants: TradeoffFixtures.variants, devices: report.devices,
      scenarios: [scenario], cascade: cascade, notes: [])
  }()

  @Test("a cascade scenario weighs the cascade and the report shows its sweep")
  func cascadeInReport() throws {
    let recommendation = try #require(Self.reportWithCascade.recommendations.first)
    #expect(recommendation.chosen?.kind == .cascade)
    #expect(ReportMarkdown.render(Self.reportWithCascade).contains("| max-softmax |"))
  }

  @Test("the HTML holds the table, every plot inline and no reference outside the file")
  func html() {
    let html = ReportHTML.render(Self.report)
    #expect(html.contains("<table>"))
    for plot in Self.report.plots { #expect(html.contains("<figure id=\"\(plot.name)\">")) }
    #expect(html.components(separatedBy: "<svg").count - 1 == Self.report.plots.count)
    #expect(!html.contains("src="))
    #expect(!html.contains("href="))
    #expect(
      !html.contains("http://")
        || html.components(separatedBy: "http://").dropFirst().allSatisfy {
          $0.hasPrefix("www.w3.org/2000/svg")
        })
  }

  @Test("the Markdown says the same and links its plots")
  func markdown() {
    let markdown = ReportMarkdown.render(Self.report)
    #expect(markdown.contains("| Model size |"))
    #expect(markdown.contains("[measured]"))
    for plot in Self.report.plots { #expect(markdown.contains("(plots/\(plot.name).svg)")) }
  }

  @Test("writes JSON that reads back equal, HTML, Markdown and the plots")
  func write() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "triscale-report-\(UUID().uuidString)"
    ).path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try Self.report.write(to: directory)
    let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/report.json"))
    #expect(try JSONDecoder().decode(TradeoffReport.self, from: data) == Self.report)
    for plot in Self.report.plots {
      #expect(FileManager.default.fileExists(atPath: "\(directory)/plots/\(plot.name).svg"))
    }
    #expect(FileManager.default.fileExists(atPath: directory + "/report.md"))
  }
}
