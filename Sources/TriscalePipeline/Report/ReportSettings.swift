import TriscaleAnalysis

/// A pipeline file's `report:` section: which stages' models are the variants
/// of the trade-off report and which tier each is for, the scenarios to judge
/// and the devices to estimate for.
///
/// ```yaml
/// report:
///   title: CIFAR-10 across three tiers
///   tiers: { cloud: cloud, edge: edge, tiny-int8: microcontroller }
///   scenarios: [real-time-video, iot-sensor-network, mobile-app-cascade, my-scenario.yaml]
///   devices: [host, cloud-server, raspberry-pi-4, stm32l4r5]
/// ```
public struct ReportSettings: Codable, Equatable, Sendable {
  /// The report's heading (default: "Trade-offs of PIPELINE").
  public var title: String?
  /// The variants: stage name → tier. Without it, every stage whose model has a measured
  /// accuracy is a variant: float for the cloud, pruned or int8 for the edge, and an int8
  /// model a `deploy-mcu` stage ran for the microcontroller.
  public var tiers: [String: Tier]?
  /// Built-in scenario names or scenario YAML files (default: every built-in scenario).
  public var scenarios: [String]?
  /// Device profile ids to estimate for (default: every built-in profile).
  public var devices: [String]?

  /// No settings: the defaults.
  public init() {}
}
