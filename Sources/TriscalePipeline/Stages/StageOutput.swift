import TriscaleArtifact
/// What a stage produced: a model artifact (for model stages), files (for
/// exports) and a record of what it did.
public struct StageOutput: Sendable {
  /// The model it made, if it makes one.
  public var artifact: ModelArtifact?
  /// Files it wrote, by name ("model.tflite"), as paths from ``StageContext/filePath``.
  public var files: [String: String]
  /// What it did, with figures.
  public var record: StageRecord

  /// An output.
  public init(artifact: ModelArtifact?, files: [String: String] = [:], record: StageRecord) {
    self.artifact = artifact
    self.files = files
    self.record = record
  }
}

/// What a stage did: its figures (each with provenance), a short readable
/// summary, and how long it took.
public struct StageRecord: Codable, Equatable, Sendable {
  /// The stage kind ("train", "quantize", …).
  public var kind: String
  /// The figures it measured or estimated.
  public var metrics: [Metric]
  /// Human-readable result lines, in order ("top-1 on cifar10-test: …").
  public var lines: [String]
  /// Wall time of the stage, seconds.
  public var seconds: Double

  /// A record.
  public init(kind: String, metrics: [Metric] = [], lines: [String] = [], seconds: Double = 0) {
    self.kind = kind
    self.metrics = metrics
    self.lines = lines
    self.seconds = seconds
  }
}
