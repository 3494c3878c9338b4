import Foundation
import Testing

@testable import TriscaleAnalysis

@Suite("Trade-off report")
struct ReportTests {
  static let report = TradeoffReport(
    title: "Test report", pipeline: "test", host: "test host", date: "2026-12-01T00:00:00Z",
    evaluation: "test images", variants: AnalysisFixtures.variants,
    devices: [.init(id: "pi", name: "PI", tier: .edge, method: "test")],
    scenarios: [ScenarioEngineTests.scenario(minFPS: 30)], cascade: nil, notes: ["a note"])

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
