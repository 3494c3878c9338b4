import TriscaleArtifact
import TriscaleCore

/// A stage of a pipeline, its configuration decoded: what it needs as input
/// and how to run it. The catalogue of kinds is ``StageKind/all``.
public struct PipelineStage {
  /// The stage's name in the pipeline file ("cloud", "edge").
  public var name: String
  /// The kind ("train", "prune", "quantize", "export", "evaluate", "latency", "deploy-mcu", "search").
  public var kind: String
  /// The stage whose artifact it takes (nil for a train stage from scratch).
  public var input: String?
  /// Other stages whose models it takes, by key (a distillation's `teacher`).
  public var references: [String: String] = [:]
  /// Its configuration as canonical JSON (part of the cache key).
  public var configurationJSON: String
  /// Data-parallel processes a train stage asks for (1 otherwise).
  public var ranks: Int
  /// An Open MPI host file for `ranks` > 1.
  public var hostfile: String?
  /// What its result depends on outside the pipeline (the data files).
  let fingerprint: () throws -> String
  /// Runs it.
  let perform: (ModelArtifact?, StageContext) throws -> StageOutput

  /// Runs the stage on its input artifact.
  public func run(input artifact: ModelArtifact?, context: StageContext) throws -> StageOutput {
    try perform(artifact, context)
  }
}

/// The stage kinds a pipeline file may use, each decoding its own configuration.
public enum StageKind {
  /// Every stage type.
  static var stages: [any Stage.Type] {
    [
      TrainStage.self, PruneStage.self, QuantizeStage.self, ExportStage.self, EvaluateStage.self,
      LatencyStage.self, DeployMCUStage.self, DistillStage.self, LoadStage.self, SearchStage.self,
      CascadeStage.self,
    ]
  }

  /// Every kind, by name.
  public static var all: [String] { stages.map { $0.kind } }

  private static func stage(_ kind: String, name: String) throws -> any Stage.Type {
    guard let stage = stages.first(where: { $0.kind == kind }) else {
      throw TriscaleError.invalidArgument(
        name: "stage '\(name)' key 'stage'", problem: "unknown stage kind '\(kind)'",
        fix: "Use one of: \(all.joined(separator: ", "))")
    }
    return stage
  }

  /// The keys a stage of `kind` takes (besides `stage` and `input`).
  public static func keys(of kind: String, stage name: String) throws -> [String] {
    try keys(of: stage(kind, name: name))
  }

  private static func keys<S: Stage>(of stage: S.Type) -> [String] { S.Configuration.keys }

  /// The keys of a stage of `kind` that may name another stage's model.
  public static func modelReferenceKeys(of kind: String, stage name: String) throws -> [String] {
    try stage(kind, name: name).modelReferenceKeys
  }

  /// Decodes the stage `name` of `kind` from its pipeline-file `mapping`.
  public static func make(
    name: String, kind: String, input: String?, mapping: [String: Any]
  ) throws -> PipelineStage {
    try make(stage(kind, name: name), name: name, input: input, mapping: mapping)
  }

  private static func make<S: Stage>(
    _ stage: S.Type, name: String, input: String?, mapping: [String: Any]
  ) throws -> PipelineStage {
    let configuration = try S.Configuration.decode(mapping, stage: name)
    return PipelineStage(
      name: name, kind: S.kind, input: input, configurationJSON: configuration.canonicalJSON,
      ranks: configuration.ranks, hostfile: configuration.hostfile,
      fingerprint: { try configuration.externalFingerprint() },
      perform: { try S.run(configuration, input: $0, context: $1) })
  }
}
