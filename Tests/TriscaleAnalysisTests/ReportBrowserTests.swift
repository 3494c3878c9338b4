import Foundation
import Testing

@testable import TriscaleAnalysis

@Suite(
  "The HTML report in headless Chromium",
  .enabled(
    if: HeadlessChromium.executable != nil, "chromium missing: run scripts/install-system-deps.sh"))
struct ReportBrowserTests {
  static func page(_ html: String) throws -> (path: String, directory: String) {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "triscale-page-\(UUID().uuidString)"
    ).path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let path = directory + "/report.html"
    try Data(html.utf8).write(to: URL(fileURLWithPath: path))
    return (path, directory)
  }

  @Test("opens, renders a screenshot, shows the table and every plot, and requests nothing")
  func report() throws {
    let report = ReportTests.reportWithCascade
    let (path, directory) = try Self.page(ReportHTML.render(report))
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let load = try HeadlessChromium.load(path)
    #expect(load.screenshot.starts(with: [0x89, 0x50, 0x4E, 0x47]))
    #expect(load.screenshot.count > 10_000)
    #expect(load.dom.contains("<table>"))
    #expect(load.dom.contains("Development complexity"))
    #expect(report.plots.count >= 4)
    for plot in report.plots { #expect(load.dom.contains("<figure id=\"\(plot.name)\">")) }
    #expect(load.dom.components(separatedBy: "<svg").count - 1 == report.plots.count)
    #expect(load.networkRequests == [])
  }

  @Test("the request check sees a page that loads something from the network")
  func control() throws {
    let (path, directory) = try Self.page(
      "<!DOCTYPE html><html><body><img src=\"http://example.com/x.png\"><p>x</p></body></html>")
    defer { try? FileManager.default.removeItem(atPath: directory) }
    #expect(try HeadlessChromium.load(path).networkRequests == ["http://example.com/x.png"])
  }
}
