import Testing

@testable import TriscaleAnalysis

@Suite("Cascade evaluation")
struct CascadeEvaluationTests {
  static let costs = CascadeCosts(
    firstLatencySeconds: 0.01, firstEnergyJoules: 0.001, secondLatencySeconds: 0.002,
    secondEnergyJoules: 0.2, networkLatencySeconds: 0.05, networkEnergyJoules: 0.03,
    networkBytes: 3_072,
    method: "test")

  @Test("confidence rules on hand-computed logits")
  func rules() {
    let sure: ArraySlice<Float> = [10, 0, 0]
    let even: ArraySlice<Float> = [1, 1, 1]
    #expect(CascadeRule.maxSoftmax.confidence(even) == 1.0 / 3)
    #expect(abs(CascadeRule.entropy.confidence(even)) < 1e-12)
    #expect(CascadeRule.entropy.confidence(sure) > 0.99)
    #expect(abs(CascadeRule.margin.confidence([0, 0, -100])) < 1e-12)
    #expect(CascadeRule.margin.confidence(sure) > 0.999)
  }

  /// 8 images, 2 classes: the first model is unsure exactly where it is wrong, the second is
  /// always right. Calibration: images 0–3; evaluation: 4–7.
  @Test("escalating the unsure images reaches the second model's accuracy at their share")
  func sweep() throws {
    let labels = [0, 1, 0, 1, 0, 1, 0, 1]
    let firstLogits: [Float] = [
      5, 0, 0, 5, 0, 0.1, 0, 5,  // calibration: image 2 wrong and unsure
      5, 0, 0.1, 0, 5, 0, 0, 5,  // evaluation: image 5 wrong and unsure
    ]
    let secondLogits: [Float] = labels.flatMap { $0 == 0 ? [Float(1), 0] : [0, 1] }
    let cascade = try CascadeEvaluation(
      first: "small", firstLogits: firstLogits, second: "large", secondLogits: secondLogits,
      labels: labels, classCount: 2, calibrationCount: 4, tolerance: 0, costs: Self.costs)
    #expect(cascade.firstAccuracy == 0.75)
    #expect(cascade.secondAccuracy == 1)
    #expect(cascade.chosen.calibrationEscalation == 0.25)
    #expect(cascade.chosen.calibrationAccuracy == 1)
    #expect(cascade.chosen.escalation == 0.25)
    #expect(cascade.chosen.accuracy == 1)
    #expect(cascade.meetsTolerance)
    #expect(abs(cascade.chosen.meanLatencySeconds - (0.01 + 0.25 * 0.052)) < 1e-12)
    #expect(abs(cascade.chosen.meanEnergyJoules - (0.001 + 0.25 * 0.23)) < 1e-12)
    #expect(cascade.chosen.meanNetworkBytes == 768)
    for sweep in cascade.sweeps {
      #expect(sweep.points.first?.escalation == 0)
      #expect(sweep.points.last?.escalation == 1)
      #expect(sweep.points.last?.accuracy == 1)
    }
  }

  @Test("mismatched logits and empty splits are refused")
  func badInput() {
    #expect(throws: (any Error).self) {
      try CascadeEvaluation(
        first: "a", firstLogits: [1, 2], second: "b", secondLogits: [1, 2, 3, 4], labels: [0, 1],
        classCount: 2, calibrationCount: 1, tolerance: 0, costs: Self.costs)
    }
    #expect(throws: (any Error).self) {
      try CascadeEvaluation(
        first: "a", firstLogits: [1, 2, 3, 4], second: "b", secondLogits: [1, 2, 3, 4],
        labels: [0, 1], classCount: 2, calibrationCount: 2, tolerance: 0, costs: Self.costs)
    }
  }
}
