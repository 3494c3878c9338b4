import TriscaleAnalysis

/// Hand-made trade-off variants with round figures on three made-up devices ("server",
/// "pi", "mcu"), for the table, scenario and report tests.
public enum TradeoffFixtures {
  public static func target(
    _ profile: String, _ tier: Tier, latencyMs: Double, watts: Double, fits: Bool = true
  ) -> TargetFigures {
    TargetFigures(
      profile: profile, profileName: profile.uppercased(), tier: tier,
      latencySeconds: .estimated(latencyMs / 1_000, method: "test rate"),
      powerWatts: .estimated(watts, method: "test power"),
      energyJoules: .estimated(watts * latencyMs / 1_000, method: "power × latency"),
      fits: fits, fitProblem: fits ? nil : "weights exceed flash")
  }

  public static func variant(
    _ name: String, _ tier: Tier, accuracy: Double, sizeKB: Double, targets: [TargetFigures]
  ) -> TradeoffVariant {
    TradeoffVariant(
      name: name, tier: tier, summary: "\(name) model",
      accuracy: .measured(accuracy, method: "test set"),
      sizeBytes: .measured(sizeKB * 1_000, method: "weights"),
      peakMemoryBytes: .measured(sizeKB * 500, method: "plan"), macs: Int(sizeKB * 100_000),
      hostLatencySeconds: .measured(sizeKB / 1e6, method: "host"), targets: targets,
      complexity: DevelopmentComplexity(
        stages: ["train", name], tunableParameters: 7, toolchains: ["swift"], wallSeconds: 120))
  }

  /// The variants: cloud: 92% 2 MB; edge: 87% 80 KB; tiny: 80% 30 KB; on "pi" and "mcu" and "server".
  public static let variants: [TradeoffVariant] = [
    variant(
      "cloud", .cloud, accuracy: 0.92, sizeKB: 2_000,
      targets: [
        target("server", .cloud, latencyMs: 1, watts: 100),
        target("pi", .edge, latencyMs: 120, watts: 5),
        target("mcu", .microcontroller, latencyMs: 9_000, watts: 0.05, fits: false),
      ]),
    variant(
      "edge", .edge, accuracy: 0.87, sizeKB: 80,
      targets: [
        target("server", .cloud, latencyMs: 0.2, watts: 100),
        target("pi", .edge, latencyMs: 20, watts: 4),
        target("mcu", .microcontroller, latencyMs: 300, watts: 0.05),
      ]),
    variant(
      "tiny", .microcontroller, accuracy: 0.80, sizeKB: 30,
      targets: [
        target("server", .cloud, latencyMs: 0.1, watts: 100),
        target("pi", .edge, latencyMs: 5, watts: 4),
        target("mcu", .microcontroller, latencyMs: 60, watts: 0.05),
      ]),
  ]
}
