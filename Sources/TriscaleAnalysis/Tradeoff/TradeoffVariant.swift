/// One model a pipeline produced, with every figure the analysis compares:
/// a row of the full trade-off table and a point on the Pareto plots.
public struct TradeoffVariant: Codable, Equatable, Sendable {
  /// Its name: the pipeline stage that made it ("edge").
  public var name: String
  /// The tier it is meant for.
  public var tier: Tier
  /// What it is, in a few words ("resnet8, int8 (PTQ) of the 50%-pruned model").
  public var summary: String
  /// Top-1 accuracy on the evaluation images, a fraction.
  public var accuracy: Figure
  /// Bytes of weights it ships (flash on a microcontroller).
  public var sizeBytes: Figure
  /// Bytes of activation memory at its peak at batch 1 (the arena on a microcontroller).
  public var peakMemoryBytes: Figure
  /// Multiply-accumulates per image.
  public var macs: Int
  /// Its batch-1 latency on this host, when a stage measured it.
  public var hostLatencySeconds: Figure?
  /// Its latency, power and energy on each device profile it was estimated for.
  public var targets: [TargetFigures]
  /// What it took to make.
  public var complexity: DevelopmentComplexity

  /// A variant with its figures.
  public init(
    name: String, tier: Tier, summary: String, accuracy: Figure, sizeBytes: Figure,
    peakMemoryBytes: Figure, macs: Int, hostLatencySeconds: Figure?, targets: [TargetFigures],
    complexity: DevelopmentComplexity
  ) {
    self.name = name
    self.tier = tier
    self.summary = summary
    self.accuracy = accuracy
    self.sizeBytes = sizeBytes
    self.peakMemoryBytes = peakMemoryBytes
    self.macs = macs
    self.hostLatencySeconds = hostLatencySeconds
    self.targets = targets
    self.complexity = complexity
  }

  /// Its figures on the device `profile`, if estimated there.
  public func on(_ profile: String) -> TargetFigures? {
    targets.first { $0.profile == profile }
  }

  /// Its figures on the tier's reference device: the first named device of its own tier
  /// (this host, measured, only when there is no other) that it fits and that has a power
  /// figure, else the first it fits, else the first of its tier.
  public var homeTarget: TargetFigures? {
    let own = targets.filter { $0.tier == tier }
    let devices =
      own.filter { $0.latencySeconds.basis == .estimated }
      + own.filter { $0.latencySeconds.basis == .measured }
    return devices.first { $0.fits && $0.powerWatts != nil } ?? devices.first(where: \.fits)
      ?? devices.first
  }
}
