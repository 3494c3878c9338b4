import Foundation

/// A small, dependency-free SVG line plot: one or more named series of
/// (x, y) points on linear or log₂ x axes, with axis labels and ticks. A
/// series drawn without its line is a scatter plot.
public struct SVGLinePlot: Sendable {
  /// One line of points.
  public struct Series: Sendable {
    /// The series' name in the legend.
    public var name: String
    /// The points in drawing order, in data units.
    public var points: [(x: Double, y: Double)]
    /// Whether a line joins the points (false: markers only).
    public var connected: Bool
    /// A series named `name` through `points`, joined by a line unless not `connected`.
    public init(name: String, points: [(x: Double, y: Double)], connected: Bool = true) {
      self.name = name
      self.points = points
      self.connected = connected
    }
  }

  /// The heading above the plot.
  public var title: String
  /// The label under the x axis.
  public var xLabel: String
  /// The label beside the y axis.
  public var yLabel: String
  /// Whether the y axis starts at 0 (otherwise just below the lowest point).
  public var yFromZero: Bool
  /// Plot x on a base-2 logarithmic axis (batch sizes, thread counts).
  public var logarithmicX: Bool
  /// The lines, drawn and listed in the legend in order; colors cycle after six.
  public var series: [Series]

  /// A plot of `series` with a title and axis labels, on a linear x axis unless
  /// `logarithmicX`, its y axis from 0 unless not `yFromZero`.
  public init(
    title: String, xLabel: String, yLabel: String, logarithmicX: Bool = false,
    yFromZero: Bool = true, series: [Series]
  ) {
    self.title = title
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.yFromZero = yFromZero
    self.logarithmicX = logarithmicX
    self.series = series
  }

  private static let colors = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"]

  /// The plot as a standalone SVG document.
  public func render(width: Double = 640, height: Double = 400) -> String {
    let margin = (left: 70.0, right: 20.0, top: 40.0, bottom: 55.0)
    let points = series.flatMap(\.points)
    func xValue(_ x: Double) -> Double { logarithmicX ? log2(max(x, 1e-12)) : x }
    let xs = points.map { xValue($0.x) }
    let ys = points.map(\.y)
    let xMin = xs.min() ?? 0
    let xMax = max(xs.max() ?? 1, xMin + 1e-9)
    let yLow = ys.min() ?? 0
    let yHigh = ys.max() ?? 1
    let yMin = yFromZero ? 0 : yLow - max((yHigh - yLow) * 0.1, 1)
    let yMax = yFromZero ? max(yHigh * 1.1, 1e-9) : yHigh + max((yHigh - yLow) * 0.1, 1)
    let plotWidth = width - margin.left - margin.right
    let plotHeight = height - margin.top - margin.bottom
    func px(_ x: Double) -> Double { margin.left + (xValue(x) - xMin) / (xMax - xMin) * plotWidth }
    func py(_ y: Double) -> Double {
      margin.top + plotHeight - (y - yMin) / (yMax - yMin) * plotHeight
    }
    func escaped(_ text: String) -> String {
      text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        .replacingOccurrences(of: ">", with: "&gt;")
    }
    var svg = """
      <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" font-family="sans-serif" font-size="12">
      <rect width="100%" height="100%" fill="white"/>
      <text x="\(width / 2)" y="22" text-anchor="middle" font-size="15">\(escaped(title))</text>
      <line x1="\(margin.left)" y1="\(margin.top + plotHeight)" x2="\(margin.left + plotWidth)" y2="\(margin.top + plotHeight)" stroke="black"/>
      <line x1="\(margin.left)" y1="\(margin.top)" x2="\(margin.left)" y2="\(margin.top + plotHeight)" stroke="black"/>
      <text x="\(margin.left + plotWidth / 2)" y="\(height - 12)" text-anchor="middle">\(escaped(xLabel))</text>
      <text transform="translate(16 \(margin.top + plotHeight / 2)) rotate(-90)" text-anchor="middle">\(escaped(yLabel))</text>

      """
    for x in xTicks(points.map(\.x)) {
      svg +=
        "<text x=\"\(px(x))\" y=\"\(margin.top + plotHeight + 18)\" text-anchor=\"middle\">\(Self.format(x))</text>\n"
    }
    for tick in 0...4 {
      let y = yFromZero ? yMax / 1.1 * Double(tick) / 4 : yMin + (yMax - yMin) * Double(tick) / 4
      svg +=
        "<text x=\"\(margin.left - 6)\" y=\"\(py(y) + 4)\" text-anchor=\"end\">\(Self.format(y))</text>\n"
      svg +=
        "<line x1=\"\(margin.left)\" y1=\"\(py(y))\" x2=\"\(margin.left + plotWidth)\" y2=\"\(py(y))\" stroke=\"#ddd\"/>\n"
    }
    for (index, line) in series.enumerated() {
      let color = Self.colors[index % Self.colors.count]
      if line.connected {
        let path = line.points.map { "\(px($0.x)),\(py($0.y))" }.joined(separator: " ")
        svg +=
          "<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"/>\n"
      }
      for point in line.points {
        svg += "<circle cx=\"\(px(point.x))\" cy=\"\(py(point.y))\" r=\"3.5\" fill=\"\(color)\"/>\n"
      }
      let legendY = margin.top + 16 * Double(index)
      svg +=
        "<rect x=\"\(margin.left + 12)\" y=\"\(legendY - 9)\" width=\"12\" height=\"12\" fill=\"\(color)\"/>\n"
      svg += "<text x=\"\(margin.left + 30)\" y=\"\(legendY + 1)\">\(escaped(line.name))</text>\n"
    }
    return svg + "</svg>\n"
  }

  /// The x values that get a tick label: every distinct one when there are
  /// at most ``maximumXTicks`` (batch sizes, thread counts), otherwise five
  /// evenly spaced over the range (a scatter of many points).
  private func xTicks(_ xs: [Double]) -> [Double] {
    let distinct = Set(xs).sorted()
    guard distinct.count > Self.maximumXTicks, !logarithmicX, let low = distinct.first,
      let high = distinct.last
    else { return distinct }
    return (0...4).map { low + (high - low) * Double($0) / 4 }
  }

  /// The most distinct x values labelled one by one.
  private static let maximumXTicks = 10

  /// `plots` side by side in one SVG document, each `width` × `height`.
  public static func sideBySide(_ plots: [SVGLinePlot], width: Double = 640, height: Double = 400)
    -> String
  {
    var svg =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width) * plots.count)\" height=\"\(Int(height))\">\n"
    for (index, plot) in plots.enumerated() {
      svg += "<g transform=\"translate(\(width * Double(index)) 0)\">\n"
      svg += plot.render(width: width, height: height) + "</g>\n"
    }
    return svg + "</svg>\n"
  }

  private static func format(_ value: Double) -> String {
    value >= 100 || value == value.rounded()
      ? String(Int(value.rounded())) : String(format: "%.2f", value)
  }
}
