import Foundation

/// The goodness-of-fit tests drift monitoring runs on a window of live values
/// against a reference distribution kept as quantiles.
enum GoodnessOfFit {
  /// The reference's cumulative distribution at `value`, interpolated
  /// between its quantiles.
  static func cdf(_ quantiles: [Double], at value: Double) -> Double {
    guard let first = quantiles.first, let last = quantiles.last else { return 0 }
    if value < first { return 0 }
    if value >= last { return 1 }
    // The last quantile index whose value is <= value.
    var low = 0
    var high = quantiles.count - 1
    while high - low > 1 {
      let middle = (low + high) / 2
      if quantiles[middle] <= value { low = middle } else { high = middle }
    }
    let step = 1 / Double(quantiles.count - 1)
    let span = quantiles[high] - quantiles[low]
    let within = span > 0 ? (value - quantiles[low]) / span : 1
    return (Double(low) + within) * step
  }

  /// The Kolmogorov–Smirnov statistic of `sample` against the reference
  /// (the largest gap between its empirical distribution and the reference's)
  /// and its asymptotic p-value (Kolmogorov's distribution at √n·D, with
  /// Stephens's small-sample correction).
  static func kolmogorovSmirnov(_ sample: [Double], reference quantiles: [Double]) -> (
    statistic: Double, pValue: Double
  ) {
    let sorted = sample.sorted()
    let n = Double(sorted.count)
    guard n > 0 else { return (0, 1) }
    var statistic = 0.0
    for (index, value) in sorted.enumerated() {
      let reference = cdf(quantiles, at: value)
      statistic = max(statistic, Double(index + 1) / n - reference, reference - Double(index) / n)
    }
    let root = n.squareRoot()
    return (statistic, kolmogorovTail((root + 0.12 + 0.11 / root) * statistic))
  }

  /// P(K > x) for Kolmogorov's distribution: 2 Σ (−1)^(k−1) e^(−2k²x²).
  static func kolmogorovTail(_ x: Double) -> Double {
    guard x > 0.2 else { return 1 }
    var sum = 0.0
    for k in 1...100 {
      let term = exp(-2 * Double(k * k) * x * x)
      sum += (k % 2 == 1 ? 1 : -1) * term
      if term < 1e-12 { break }
    }
    return min(1, max(0, 2 * sum))
  }

  /// The population stability index of `sample` over the reference's deciles:
  /// Σ (live − reference) · ln(live / reference) over ten equally likely bins
  /// (shares floored at 10⁻⁴).
  static func populationStability(_ sample: [Double], reference quantiles: [Double]) -> Double {
    guard !sample.isEmpty else { return 0 }
    var counts = [Double](repeating: 0, count: 10)
    for value in sample { counts[min(9, Int(cdf(quantiles, at: value) * 10))] += 1 }
    return counts.reduce(0.0) { total, count in
      let live = max(1e-4, count / Double(sample.count))
      return total + (live - 0.1) * log(live / 0.1)
    }
  }
}
