import Testing
import TriscaleGraph

@testable import TriscaleOptimize

@Suite("Candidate ranking")
struct CandidateRankingTests {
  /// A scored candidate with `macs` MACs.
  static func candidate(_ index: Int, accuracy: Double?, macs: Int) -> SearchCandidate {
    SearchCandidate(
      index: index, architecture: .resnet8,
      figures: CandidateFigures(
        arenaBytes: 0, scratchBytes: 0, flashBytes: 0, constantBytes: 0, macs: macs,
        parameters: 0, fitsTarget: true),
      feasible: accuracy != nil, proxyAccuracy: accuracy, seconds: 0)
  }

  @Test("the most accurate wins unless another is within one standard error with more MACs")
  func ranking() throws {
    // On 2,000 images the standard error at 45% is 1.11 points.
    #expect(abs(CandidateRanking.standardError(of: 0.45, 2000) - 0.011124) < 1e-5)
    let pool = [
      Self.candidate(1, accuracy: 0.45, macs: 2_000_000),
      Self.candidate(2, accuracy: 0.44, macs: 9_000_000),  // within 1.11 points: tied, more MACs
      Self.candidate(3, accuracy: 0.43, macs: 20_000_000),  // 2 points below: not tied
      Self.candidate(4, accuracy: nil, macs: 30_000_000),  // not scored
    ]
    #expect(CandidateRanking.best(of: pool, heldOut: 2000)?.index == 2)
    // On 100,000 images the standard error is 0.16 points: no tie, the most accurate wins.
    #expect(CandidateRanking.best(of: pool, heldOut: 100_000)?.index == 1)
    #expect(CandidateRanking.best(of: [pool[3]], heldOut: 2000) == nil)
  }
}
