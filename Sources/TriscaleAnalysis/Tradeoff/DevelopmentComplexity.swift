/// How much work a variant takes to produce, counted rather than judged: the
/// pipeline stages on its path from the dataset, the settings those stages
/// take, the toolchains it needs, and the wall time they took.
public struct DevelopmentComplexity: Codable, Equatable, Sendable {
  /// The stages from the first (training or loading) to this variant, in order.
  public var stages: [String]
  /// Settings a user sets or may tune along that path (every configuration key of those stages).
  public var tunableParameters: Int
  /// The toolchains and runtimes it needs ("swift", "oneDNN", "arm-none-eabi-gcc", "qemu-system-arm").
  public var toolchains: [String]
  /// Seconds of wall time the stages on the path took when they ran.
  public var wallSeconds: Double
  /// What the counts leave out, when they leave something out.
  public var note: String?

  /// The complexity of a variant made by `stages`.
  public init(
    stages: [String], tunableParameters: Int, toolchains: [String], wallSeconds: Double,
    note: String? = nil
  ) {
    self.stages = stages
    self.tunableParameters = tunableParameters
    self.toolchains = toolchains
    self.wallSeconds = wallSeconds
    self.note = note
  }

  /// "5 stages, 23 settings, 3 toolchains, 6.2 min" (with " + earlier runs" when a loaded
  /// model's history is not all counted).
  public var summary: String {
    "\(stages.count) stage\(stages.count == 1 ? "" : "s"), \(tunableParameters) settings, "
      + "\(toolchains.count) toolchain\(toolchains.count == 1 ? "" : "s"), "
      + FigureText.duration(wallSeconds) + (note == nil ? "" : " + earlier runs")
  }
}
