import Foundation
import TriscaleArtifact
import TriscaleCore

/// Brings a model file into a pipeline as a stage's artifact (a teacher
/// trained earlier, a committed headline model), so later stages can take it
/// as `input` or by reference. Its cache key includes the file's content
/// (its artifact id), so a changed file re-runs what depends on it.
public enum LoadStage: Stage {
  /// The stage kind in pipeline files.
  public static let kind = "load"

  /// The file to load.
  public struct Configuration: StageConfiguration, ConfigurationPart {
    /// A Triscale model file (`.tsm`).
    public var path = ""

    /// The defaults.
    public init() {}

    /// The keys.
    public enum CodingKeys: String, CodingKey, CaseIterable { case path }

    /// Checks that a path is given.
    public func validate() throws {
      guard !path.isEmpty else {
        throw TriscaleError.invalidArgument(
          name: "path", problem: "no model file was given",
          fix: "Give the model file to load, e.g. `path: models/resnet8-cifar10/resnet8.tsm`")
      }
    }

    /// The file's artifact id: a changed file means a new artifact.
    public func externalFingerprint() throws -> String { try ModelArtifact.read(path: path).id }
  }

  /// Reads the file; `input` is not used.
  public static func run(
    _ configuration: Configuration, input: ModelArtifact?, context: StageContext
  ) throws -> StageOutput {
    try configuration.validate()
    let artifact = try ModelArtifact.read(path: configuration.path)
    return StageOutput(
      artifact: artifact,
      record: StageRecord(
        kind: kind, metrics: artifact.card.metrics,
        lines: [
          "loaded \(configuration.path): \(artifact.card.architecture) (\(artifact.card.precision)), artifact \(artifact.id)"
        ]))
  }
}
