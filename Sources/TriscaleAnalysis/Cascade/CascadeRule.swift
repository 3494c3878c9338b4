import Foundation

/// How a cascade's first model says it is sure enough to answer alone: a
/// confidence computed from its logits, higher meaning surer. An image whose
/// confidence falls below the threshold escalates to the second model.
public enum CascadeRule: String, Codable, CaseIterable, Sendable {
  /// The largest softmax probability.
  case maxSoftmax = "max-softmax"
  /// The largest softmax probability minus the second largest.
  case margin
  /// One minus the softmax entropy over its maximum, log(classes): 1 when one class holds all
  /// the probability, 0 when it is spread evenly.
  case entropy

  /// The confidence of one image's `logits` (at least two).
  public func confidence(_ logits: ArraySlice<Float>) -> Double {
    let largest = Double(logits.max() ?? 0)
    let exponentials = logits.map { exp(Double($0) - largest) }
    let total = exponentials.reduce(0, +)
    return confidence(probabilities: exponentials.map { $0 / total })
  }

  /// The confidence of one image's class probabilities (softmax outputs, at least two).
  public func confidence(probabilities: [Double]) -> Double {
    switch self {
    case .maxSoftmax:
      return probabilities.max() ?? 0
    case .margin:
      let sorted = probabilities.sorted(by: >)
      return sorted[0] - (sorted.count > 1 ? sorted[1] : 0)
    case .entropy:
      let entropy = probabilities.reduce(0) { $1 > 0 ? $0 - $1 * log($1) : $0 }
      return 1 - entropy / log(Double(max(probabilities.count, 2)))
    }
  }
}
