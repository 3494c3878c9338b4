import ArgumentParser
import Foundation
import TriscalePipeline

/// `triscale report RUN_DIR`: rebuilds a pipeline run's trade-off report.
struct ReportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "Build the trade-off report (HTML, Markdown, JSON, SVG) of a pipeline run.",
    discussion: """
      Reads RUN_DIR/pipeline.json and each stage's model and project — nothing is trained or \
      measured again — estimates every variant on the device profiles, judges the scenarios and \
      writes report.html (self-contained), report.md, report.json and plots/*.svg into \
      RUN_DIR/report (or --output). The pipeline file's `report:` section chooses the variants, \
      scenarios and devices. See docs/analysis.md.
      """)

  @Argument(help: "A pipeline's output folder (its `output:`), after `triscale run`.")
  var runDirectory: String
  @Option(help: "Where to write the report (default: RUN_DIR/report).") var output: String?

  func run() throws {
    let report = try TradeoffReportBuilder(runDirectory: runDirectory).build()
    ReportPrinter.print(report)
    let html = try report.write(to: output ?? runDirectory + "/report")
    print("report: wrote \(html) (and report.md, report.json, plots/)")
  }
}
