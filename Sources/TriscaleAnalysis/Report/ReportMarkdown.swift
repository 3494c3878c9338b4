/// The report as Markdown, its plots linked as the SVG files written beside
/// it (`plots/NAME.svg`).
public enum ReportMarkdown {
  /// The Markdown document of `report`.
  public static func render(_ report: TradeoffReport) -> String {
    var text = ""
    for block in ReportDocument.blocks(report) {
      switch block {
      case .heading(let level, let heading):
        text += String(repeating: "#", count: level) + " " + heading + "\n\n"
      case .paragraph(let paragraph):
        text += paragraph + "\n\n"
      case .list(let items):
        text += items.map { "- \($0)\n" }.joined() + "\n"
      case .table(let header, let rows):
        text += "| " + header.map(cell).joined(separator: " | ") + " |\n"
        text += "|" + header.map { _ in "---|" }.joined() + "\n"
        for row in rows { text += "| " + row.map(cell).joined(separator: " | ") + " |\n" }
        text += "\n"
      case .plot(let plot):
        text += "![\(plot.title)](plots/\(plot.name).svg)\n\n"
      }
    }
    return text
  }

  private static func cell(_ text: String) -> String {
    text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
  }
}
