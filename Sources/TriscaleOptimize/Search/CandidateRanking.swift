import Foundation

/// How the search ranks scored candidates, in its tournaments and when it
/// chooses: by proxy accuracy, except that accuracies within one standard
/// error of the best (binomial, over the held-out images) count as tied, and
/// a tie goes to the candidate with more MACs, then to the more accurate.
/// A proxy of a few epochs under-rates capacity — small models learn
/// fastest at first and larger ones overtake them in full training — so
/// among candidates the proxy cannot tell apart, the larger is the better bet.
enum CandidateRanking {
  /// The best of `candidates` scored on `heldOut` images (nil when none is scored).
  static func best(of candidates: [SearchCandidate], heldOut: Int) -> SearchCandidate? {
    let scored = candidates.filter { $0.proxyAccuracy != nil }
    guard let top = scored.compactMap(\.proxyAccuracy).max() else { return nil }
    let tied = scored.filter { ($0.proxyAccuracy ?? 0) >= top - standardError(of: top, heldOut) }
    return tied.max {
      ($0.figures.macs, $0.proxyAccuracy ?? 0) < ($1.figures.macs, $1.proxyAccuracy ?? 0)
    }
  }

  /// The binomial standard error of an accuracy `p` measured on `count` images.
  static func standardError(of p: Double, _ count: Int) -> Double {
    (p * (1 - p) / Double(max(count, 1))).squareRoot()
  }
}
