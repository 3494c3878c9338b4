import Testing
import TriscaleAnalysis
import TriscaleCore
import TriscaleTestSupport

@testable import TriscalePipeline

@Suite("Scenario files")
struct ScenarioFileTests {
  static func yaml(minFPS: String = "30", extra: String = "") -> String {
    """
    name: doorbell
    description: a camera doorbell on the edge device
    device: pi
    objective: accuracy
    constraints:
      min-fps: \(minFPS)
    \(extra)
    """
  }

  @Test("a user scenario reads, is judged, and its answer follows its constraint")
  func userScenario() throws {
    let strict = try ScenarioFile.decode(Self.yaml(), path: "doorbell.yaml")
    #expect(strict.constraints.minFPS == 30)
    let answer = ScenarioEngine.recommend(strict, variants: TradeoffFixtures.variants)
    #expect(answer.chosen?.variants == ["edge"])
    #expect(answer.binding.contains("min-fps"))
    #expect(answer.rationale.joined().contains("87.00%"))
    let relaxed = try ScenarioFile.decode(Self.yaml(minFPS: "5"), path: "doorbell.yaml")
    #expect(
      ScenarioEngine.recommend(relaxed, variants: TradeoffFixtures.variants).chosen?.variants == [
        "cloud"
      ])
    let faster = try ScenarioFile.decode(Self.yaml(minFPS: "100"), path: "doorbell.yaml")
    #expect(
      ScenarioEngine.recommend(faster, variants: TradeoffFixtures.variants).chosen?.variants == [
        "tiny"
      ])
  }

  @Test("built-in names and files are both found; anything else is refused")
  func named() throws {
    #expect(try ScenarioFile.named("real-time-video") == Scenario.realTimeVideo)
    #expect(throws: TriscaleError.self) { try ScenarioFile.named("no-such-scenario") }
  }

  @Test(
    "unknown keys, non-numbers and negative figures are refused, naming the key",
    arguments: [
      (yaml(extra: "budget: 3"), "unknown key 'budget'"),
      (yaml(minFPS: "fast"), "'constraints.min-fps'"),
      (yaml(minFPS: "-3"), "'constraints.min-fps' is -3"),
      (
        yaml(extra: "workload: { inferences-per-hour: 1, battery: 3 }"),
        "unknown key 'workload.battery'"
      ),
      (
        yaml().replacingOccurrences(of: "objective: accuracy", with: "objective: fame"), "objective"
      ),
    ])
  func badFiles(text: String, expected: String) throws {
    let error = #expect(throws: TriscaleError.self) {
      try ScenarioFile.decode(text, path: "bad.yaml")
    }
    #expect("\(error.map { "\($0)" } ?? "")".contains(expected))
    #expect("\(error.map { "\($0)" } ?? "")".contains("bad.yaml"))
  }
}
