import Foundation
import Testing
import TriscaleArtifact
import TriscaleCore

@testable import TriscaleServe

/// The drift tests against known values, and the monitor on seeded streams:
/// quiet on the reference's own distribution, an alert at the first test on
/// a shifted one.
@Suite("Drift monitor")
struct DriftMonitorTests {
  static let uniform = MetricsFormatTests.uniformReference

  @Test func theReferenceDistributionAndKolmogorovsTailMatchKnownValues() {
    let quantiles = Self.uniform.distributions[0].quantiles
    #expect(abs(GoodnessOfFit.cdf(quantiles, at: 0.25) - 0.25) < 1e-12)
    #expect(GoodnessOfFit.cdf(quantiles, at: -1) == 0)
    #expect(GoodnessOfFit.cdf(quantiles, at: 2) == 1)
    // The 5% critical value of Kolmogorov's distribution is 1.358.
    #expect(abs(GoodnessOfFit.kolmogorovTail(1.358) - 0.05) < 0.001)
    #expect(abs(GoodnessOfFit.kolmogorovTail(1.628) - 0.01) < 0.001)
    let grid = (0..<200).map { (Double($0) + 0.5) / 200 }
    let same = GoodnessOfFit.kolmogorovSmirnov(grid, reference: quantiles)
    #expect(abs(same.statistic - 0.0025) < 1e-9)
    #expect(same.pValue > 0.99)
    let shifted = GoodnessOfFit.kolmogorovSmirnov(grid.map { $0 * 0.8 }, reference: quantiles)
    #expect(abs(shifted.statistic - 0.2) < 0.01)
    #expect(shifted.pValue < 1e-6)
    #expect(GoodnessOfFit.populationStability(grid, reference: quantiles) < 1e-9)
    #expect(GoodnessOfFit.populationStability(grid.map { $0 * 0.5 }, reference: quantiles) > 1)
  }

  @Test func quietOnTheReferencesDistributionAlertsAtTheFirstTestOnAShiftedOne() throws {
    var random = SeededRandom(seed: 3)
    let monitor = try DriftMonitor(reference: Self.uniform)
    for _ in 0..<5000 {
      monitor.observe((0..<4).map { _ in Double(random.nextUniform()) })
    }
    #expect(monitor.current.alerts == 0)
    #expect(monitor.current.observed == 5000)
    #expect(monitor.current.statistics.allSatisfy { ($0.psi ?? 1) < 0.1 })
    let drifting = try DriftMonitor(reference: Self.uniform)
    var firstAlert: Int?
    for count in 1...1000 {
      let values = (0..<4).map { slot in Double(random.nextUniform()) * (slot == 1 ? 0.6 : 1) }
      if let result = drifting.observe(values), result.alert, firstAlert == nil {
        firstAlert = count
      }
    }
    #expect(firstAlert == 200)
    #expect(drifting.current.alerts == 1, "one alert while the drift lasts")
    #expect(drifting.current.statistics.min { $0.pValue < $1.pValue }?.name == "contrast")
  }

  @Test func aReferenceWithoutEveryStatisticIsRefused() {
    var reference = Self.uniform
    reference.distributions.removeLast()
    #expect(throws: ServeError.self) { try DriftMonitor(reference: reference) }
  }
}
