/// A ratio measured once per interleaved round (Triscale's median over a
/// peer's in the same round), summarized by its median and interquartile
/// range so that a machine whose speed drifts shows as spread instead of as
/// a different ratio.
public struct RoundRatios: Codable, Equatable, Sendable {
  /// Every round's ratio, in round order.
  public var perRound: [Double]
  /// The median of ``perRound``.
  public var median: Double
  /// The first quartile of ``perRound``.
  public var lowerQuartile: Double
  /// The third quartile of ``perRound``.
  public var upperQuartile: Double

  /// The summary of `perRound` (at least one value); quartiles interpolate
  /// linearly between the sorted values.
  public init(_ perRound: [Double]) {
    precondition(!perRound.isEmpty, "a ratio needs one round at least")
    self.perRound = perRound
    let sorted = perRound.sorted()
    func quantile(_ q: Double) -> Double {
      let position = q * Double(sorted.count - 1)
      let below = Int(position.rounded(.down))
      let above = min(below + 1, sorted.count - 1)
      return sorted[below] + (sorted[above] - sorted[below]) * (position - Double(below))
    }
    (median, lowerQuartile, upperQuartile) = (quantile(0.5), quantile(0.25), quantile(0.75))
  }

  /// The interquartile range as a fraction of the median (0.1: the middle
  /// half of the rounds lies within 10% of the median's size).
  public var relativeSpread: Double { (upperQuartile - lowerQuartile) / median }

  /// "0.85x (interquartile 0.81–0.90, 30 rounds)".
  public var text: String {
    String(
      format: "%.2fx (interquartile %.2f–%.2f, %d rounds)", median, lowerQuartile, upperQuartile,
      perRound.count)
  }
}
