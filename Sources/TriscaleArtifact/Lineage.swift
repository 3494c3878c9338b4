/// Where an artifact came from: its parent, the stage that made it and that
/// stage's configuration. Part of the artifact's content-hash id.
public struct Lineage: Codable, Equatable, Sendable {
  /// The id of the artifact the stage started from (nil for a model trained from scratch).
  public var parent: String?
  /// The stage kind: "train", "prune", "quantize", … ("import" for files made before model cards).
  public var stage: String
  /// SHA-256 of ``configuration``.
  public var configurationHash: String
  /// The stage's full configuration as canonical JSON (sorted keys, defaults filled in).
  public var configuration: String

  /// A lineage entry.
  public init(parent: String?, stage: String, configuration: String) {
    self.parent = parent
    self.stage = stage
    self.configuration = configuration
    configurationHash = ContentHash.hex(of: Array(configuration.utf8))
  }
}
