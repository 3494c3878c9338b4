import Foundation
import Testing
import TriscaleCore

@testable import TriscaleTrain

@Suite("Learning-rate schedules")
struct LearningRateScheduleTests {
  private func rates(_ schedule: LearningRateSchedule, total: Int, at steps: [Int]) -> [Float] {
    steps.map { schedule.learningRate(base: 2, step: $0, totalSteps: total) }
  }

  private func expectClose(_ actual: [Float], _ expected: [Float]) {
    #expect(actual.count == expected.count)
    for (value, wanted) in zip(actual, expected) {
      #expect(abs(value - wanted) < 1e-5, "\(actual) vs \(expected)")
    }
  }

  // Base 2, 100 steps: cos(0) → 2, halfway cos(π/2) → 1, step 99 → (1 + cos 0.99π) = 0.000493440.
  @Test(
    "cosine without warmup: full rate at 0, half at the middle, near zero at the end, clamped after"
  )
  func cosine() {
    expectClose(
      rates(.cosine(warmup: .none), total: 100, at: [0, 50, 99, 500]),
      [2, 1, 0.000493440, 0.000493440])
  }

  // 10 warmup steps of 110: 2·(s + 1)/10, then cosine over the remaining 100 steps.
  @Test("cosine with step warmup rises linearly, then decays")
  func cosineWarmup() {
    expectClose(
      rates(.cosine(warmup: .steps(10)), total: 110, at: [0, 4, 9, 10, 60]), [0.2, 1, 2, 2, 1])
  }

  // A warmup fraction of 0.1 of 50 steps is 5 steps: 0.4, 0.8, ... 2.
  @Test("constant with fractional warmup")
  func constantWarmup() {
    expectClose(
      rates(.constant(warmup: .fraction(0.1)), total: 50, at: [0, 1, 4, 5, 49]),
      [0.4, 0.8, 2, 2, 2])
  }

  // Peak 0.25 of 100 steps: up over 25 steps (2/25 = 0.08 per step), then down over 75: step 50 → 2·(1 − 25/75).
  @Test("one-cycle rises to the peak, then falls linearly")
  func oneCycle() {
    expectClose(
      rates(.oneCycle(peak: 0.25), total: 100, at: [0, 24, 25, 50, 99]),
      [0.08, 2, 2, 4.0 / 3, 2.0 / 75])
  }

  @Test("parses the text forms and prints them back")
  func parsing() throws {
    let cases: [(String, LearningRateSchedule)] = [
      ("cosine", .cosine(warmup: .none)),
      ("cosine:warmup=500", .cosine(warmup: .steps(500))),
      ("constant:warmup=0.05", .constant(warmup: .fraction(0.05))),
      ("onecycle", .oneCycle(peak: 0.3)),
      ("OneCycle:peak=0.25", .oneCycle(peak: 0.25)),
    ]
    for (text, expected) in cases {
      let parsed = try LearningRateSchedule(parsing: text)
      #expect(parsed == expected, "\(text)")
      #expect(try LearningRateSchedule(parsing: parsed.description) == expected)
      let json = try JSONEncoder().encode(parsed)
      #expect(try JSONDecoder().decode(LearningRateSchedule.self, from: json) == expected)
    }
  }

  @Test(
    "rejects unknown names and bad options with a message",
    arguments: [
      ("linear", "unknown schedule 'linear'"),
      ("cosine:peak=0.3", "'cosine' takes no option 'peak'"),
      ("cosine:warmup=-1", "warmup '-1' is neither"),
      ("cosine:warmup=2.5", "warmup '2.5' is neither"),
      ("onecycle:peak=3", "peak '3' is not a fraction"),
      ("cosine:warmup", "cannot read option 'warmup'"),
    ])
  func rejections(text: String, fragment: String) {
    #expect { try LearningRateSchedule(parsing: text) } throws: { "\($0)".contains(fragment) }
  }
}
