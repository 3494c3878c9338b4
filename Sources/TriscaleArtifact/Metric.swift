/// One figure about a model, with how it was obtained.
public struct Metric: Codable, Equatable, Sendable {
  /// What was measured: "top1", "loss", "latency_ms", "weight_bytes", "arena_bytes", …
  public var name: String
  /// The value, in ``unit``.
  public var value: Double
  /// "fraction", "ms", "bytes", "MACs", …
  public var unit: String
  /// What it was measured on ("cifar10-test, 10000 images"; "batch 1, one thread").
  public var subject: String
  /// Measured or estimated, and where.
  public var provenance: Provenance

  /// A figure.
  public init(name: String, value: Double, unit: String, subject: String, provenance: Provenance) {
    self.name = name
    self.value = value
    self.unit = unit
    self.subject = subject
    self.provenance = provenance
  }
}
