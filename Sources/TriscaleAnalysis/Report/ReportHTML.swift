/// The report as one self-contained HTML file: inline CSS and SVG, no
/// scripts, no links to anything outside the file.
public enum ReportHTML {
  /// The HTML document of `report`.
  public static func render(_ report: TradeoffReport) -> String {
    var html = """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <title>\(escaped(report.title))</title>
      <style>
      body { font-family: sans-serif; max-width: 1200px; margin: 2em auto; padding: 0 1em; color: #222; }
      table { border-collapse: collapse; margin: 1em 0; font-size: 14px; }
      th, td { border: 1px solid #bbb; padding: 4px 8px; text-align: left; vertical-align: top; }
      th { background: #eee; }
      .measured { color: #1a6b1a; font-size: 12px; }
      .estimated { color: #a35a00; font-size: 12px; }
      figure { margin: 1em 0; }
      figcaption { font-weight: bold; }
      </style>
      </head>
      <body>

      """
    for block in ReportDocument.blocks(report) {
      switch block {
      case .heading(let level, let text):
        html += "<h\(level)>\(escaped(text))</h\(level)>\n"
      case .paragraph(let text):
        html += "<p>\(marked(escaped(text)))</p>\n"
      case .list(let items):
        html += "<ul>\n" + items.map { "<li>\(marked(escaped($0)))</li>\n" }.joined() + "</ul>\n"
      case .table(let header, let rows):
        html += "<table>\n<tr>" + header.map { "<th>\(escaped($0))</th>" }.joined() + "</tr>\n"
        for row in rows {
          html += "<tr>" + row.map { "<td>\(marked(escaped($0)))</td>" }.joined() + "</tr>\n"
        }
        html += "</table>\n"
      case .plot(let plot):
        html += "<figure id=\"\(plot.name)\">\n<figcaption>\(escaped(plot.title))</figcaption>\n"
        html += plot.svg + "</figure>\n"
      }
    }
    return html + "</body>\n</html>\n"
  }

  static func escaped(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
  }

  /// Colours the [measured] and [estimated] marks.
  private static func marked(_ text: String) -> String {
    text.replacingOccurrences(of: "[measured]", with: "<span class=\"measured\">[measured]</span>")
      .replacingOccurrences(of: "[estimated]", with: "<span class=\"estimated\">[estimated]</span>")
  }
}
