import TriscaleAnalysis

/// The machine-readable account of one pipeline run (`pipeline.json`).
public struct PipelineRecord: Codable, Equatable, Sendable {
  /// What happened to one stage.
  public struct StageRun: Codable, Equatable, Sendable {
    /// The stage's name.
    public var name: String
    /// Its kind.
    public var kind: String
    /// The stage it took its input from.
    public var input: String?
    /// "ran", "resumed" (ran on from a checkpoint) or "reused" (taken from the cache).
    public var status: String
    /// The cache key (hash of kind, configuration, input artifact and data).
    public var key: String
    /// The id of the artifact it made (nil for exports).
    public var artifactID: String?
    /// Its folder (the cache entry) and files.
    public var folder: String
    /// Its files by name, as paths.
    public var files: [String]
    /// Wall time of this run's work on it (0 when reused), seconds.
    public var seconds: Double
    /// What the stage did when it ran (figures, lines, its own wall time).
    public var record: StageRecord
    /// Its configuration as canonical JSON (absent in records written before it was kept).
    public var configuration: String?
    /// The stages whose models it also took, by key (a distillation's `teacher`).
    public var references: [String: String]?
  }

  /// The pipeline's name.
  public var pipeline: String
  /// The pipeline file.
  public var file: String
  /// The host it ran on.
  public var host: String
  /// When the run started, ISO 8601.
  public var started: String
  /// When the run finished, ISO 8601.
  public var finished: String
  /// Wall time of the whole run, seconds.
  public var seconds: Double
  /// Every stage in order.
  public var stages: [StageRun]
  /// The pipeline file's `report:` section (absent in records written before it existed).
  public var report: ReportSettings?
}
