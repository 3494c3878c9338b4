import Foundation
import TriscaleAnalysis

/// Prints a trade-off report on the terminal: the study's table (one column
/// per tier, every entry marked [M] measured or [E] estimated), then each
/// scenario's recommendation and the cascade in sentences.
enum ReportPrinter {
  static func print(_ report: TradeoffReport) {
    let table = report.study
    let headingWidth = StudyTable.headings.map(\.count).max() ?? 20
    let columnWidth = 40
    func pad(_ text: String, _ width: Int) -> String {
      text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
    let header = table.columns.enumerated().map { index, tier in
      "\(tier.title) (\(table.variants[index]))"
    }
    Swift.print(
      "\n" + pad("", headingWidth) + " | "
        + header.map { pad($0, columnWidth) }.joined(separator: " | "))
    Swift.print(String(repeating: "-", count: headingWidth + (columnWidth + 3) * header.count))
    for row in table.rows {
      let lines = row.cells.map { cell in
        cell.map { "\($0.text) [\($0.basis == .measured ? "M" : "E")]" }.flatMap {
          wrap($0, columnWidth)
        }
      }
      for line in 0..<(lines.map(\.count).max() ?? 1) {
        let heading = line == 0 ? row.heading : ""
        Swift.print(
          pad(heading, headingWidth) + " | "
            + lines.map { pad(line < $0.count ? $0[line] : "", columnWidth) }.joined(
              separator: " | "))
      }
    }
    Swift.print(
      "[M] measured on this host; [E] estimated for the named device profile (methods in the report)\n"
    )
    for recommendation in report.recommendations {
      Swift.print(
        "scenario \(recommendation.scenario): " + recommendation.rationale.joined(separator: " ")
          + "\n")
    }
    if let cascade = report.cascade {
      Swift.print(
        String(
          format:
            "cascade %@ → %@: %.2f%% top-1 escalating %.1f%% of %d held-out images (%@ threshold %.4f); alone %.2f%% and %.2f%%\n",
          cascade.first, cascade.second, cascade.chosen.accuracy * 100,
          cascade.chosen.escalation * 100,
          cascade.evaluationImages, cascade.chosenRule.rawValue, cascade.chosen.threshold,
          cascade.firstAccuracy * 100, cascade.secondAccuracy * 100))
    }
    for note in report.notes { Swift.print("note: \(note)") }
  }

  /// `text` in lines of at most `width` characters, broken at spaces.
  static func wrap(_ text: String, _ width: Int) -> [String] {
    var lines: [String] = []
    var line = ""
    for word in text.split(separator: " ") {
      if !line.isEmpty, line.count + 1 + word.count > width {
        lines.append(line)
        line = ""
      }
      line += (line.isEmpty ? "" : " ") + word
    }
    return lines + (line.isEmpty ? [] : [line])
  }
}
