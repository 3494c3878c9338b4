import Testing
import TriscaleTestSupport

@testable import TriscaleAnalysis

@Suite("Scenario engine")
struct ScenarioEngineTests {
  static func scenario(minFPS: Double? = nil, maxSizeKB: Double? = nil) -> Scenario {
    var constraints = Scenario.Constraints()
    constraints.minFPS = minFPS
    constraints.maxSizeKB = maxSizeKB
    return Scenario(
      name: "video", description: "camera", device: "pi", objective: .accuracy,
      constraints: constraints)
  }

  @Test("a frame budget picks the most accurate variant fast enough, and says what binds")
  func frameBudget() {
    let recommendation = ScenarioEngine.recommend(
      Self.scenario(minFPS: 30), variants: TradeoffFixtures.variants)
    #expect(recommendation.chosen?.variants == ["edge"])
    #expect(recommendation.runnersUp.map(\.variants) == [["tiny"]])
    #expect(recommendation.binding.contains("min-fps"))
    #expect(recommendation.binding.contains("8.3 fps"))  // cloud: 120 ms
    #expect(recommendation.flip == "Relaxing min-fps to 8.3 fps would choose cloud on pi instead.")
  }

  @Test("changing the constraint changes the answer where it should")
  func changingConstraint() {
    #expect(
      ScenarioEngine.recommend(Self.scenario(minFPS: 5), variants: TradeoffFixtures.variants)
        .chosen?.variants == ["cloud"])
    #expect(
      ScenarioEngine.recommend(Self.scenario(minFPS: 100), variants: TradeoffFixtures.variants)
        .chosen?.variants == ["tiny"])
    #expect(
      ScenarioEngine.recommend(Self.scenario(minFPS: 1_000), variants: TradeoffFixtures.variants)
        .chosen == nil)
    #expect(
      ScenarioEngine.recommend(
        Self.scenario(minFPS: 5, maxSizeKB: 50), variants: TradeoffFixtures.variants
      ).chosen?.variants == ["tiny"])
  }

  @Test("with nothing binding, the flip names the limit with least room and the next choice")
  func tightening() {
    let recommendation = ScenarioEngine.recommend(
      Self.scenario(minFPS: 5), variants: TradeoffFixtures.variants)
    #expect(recommendation.binding.hasPrefix("No limit binds: cloud on pi"))
    #expect(recommendation.flip.contains("min-fps past cloud on pi's 8.3 fps"))
    #expect(recommendation.flip.hasSuffix("edge on pi would be chosen."))
  }

  @Test("battery life counts inference energy and sleep; offload and cascade are options")
  func batteryAndOffload() throws {
    var constraints = Scenario.Constraints()
    constraints.minAccuracy = 0.85
    let scenario = Scenario(
      name: "sensor", description: "coin cell", device: "mcu", objective: .batteryLife,
      constraints: constraints,
      workload: .init(inferencesPerHour: 60, batteryMWh: 1_000, sleepPowerMW: 0),
      offload: .init(
        profile: "server", networkLatencyMs: 100, radioEnergyMJ: 1, bytesPerInput: 3_072,
        source: "test"))
    let options = ScenarioEngine.options(
      for: scenario, variants: TradeoffFixtures.variants, cascade: nil)
    let edge = try #require(options.first { $0.kind == .onDevice && $0.variants == ["edge"] })
    // 1,440 inferences a day × 15 mJ = 21.6 J a day; 1,000 mWh = 3,600 J.
    #expect(abs(try #require(edge.batteryDays) - 3_600 / 21.6) < 1e-9)
    let recommendation = ScenarioEngine.recommend(scenario, options: options)
    // Offloading to the 92% cloud model costs 1 mJ a time: the longest life above 85%.
    #expect(recommendation.chosen?.kind == .offload)
    #expect(recommendation.chosen?.variants == ["cloud"])
  }
}
