/// One piece of the report's document, before it is rendered as HTML or
/// Markdown: both renderers walk the same blocks, so the two files say the same.
public enum ReportBlock: Equatable, Sendable {
  /// A heading of `level` (1 for the title).
  case heading(level: Int, text: String)
  /// A paragraph.
  case paragraph(String)
  /// A bulleted list.
  case list([String])
  /// A table with a header row.
  case table(header: [String], rows: [[String]])
  /// A plot.
  case plot(TradeoffPlots.Plot)
}
