import TriscaleCore

/// A stage of a pipeline, its configuration decoded: what it needs as input
/// and how to run it. The catalogue of kinds is ``StageKind/all``.
public struct PipelineStage {
  /// The stage's name in the pipeline file ("cloud", "edge").
  public var name: String
  /// The kind ("train", "prune", "quantize", "export", "evaluate").
  public var kind: String
  /// The stage whose artifact it takes (nil for a train stage from scratch).
  public var input: String?
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
  /// Every kind, by name.
  public static let all = ["train", "prune", "quantize", "export", "evaluate", "latency"]

  /// The keys a stage of `kind` takes (besides `stage` and `input`).
  public static func keys(of kind: String, stage name: String) throws -> [String] {
    switch kind {
    case TrainStage.kind: return TrainStage.Configuration.keys
    case PruneStage.kind: return PruneStage.Configuration.keys
    case QuantizeStage.kind: return QuantizeStage.Configuration.keys
    case ExportStage.kind: return ExportStage.Configuration.keys
    case EvaluateStage.kind: return EvaluateStage.Configuration.keys
    case LatencyStage.kind: return LatencyStage.Configuration.keys
    default: throw unknown(kind, stage: name)
    }
  }

  private static func unknown(_ kind: String, stage name: String) -> TriscaleError {
    .invalidArgument(
      name: "stage '\(name)' key 'stage'", problem: "unknown stage kind '\(kind)'",
      fix: "Use one of: \(all.joined(separator: ", "))")
  }

  /// Decodes the stage `name` of `kind` from its pipeline-file `mapping`.
  public static func make(
    name: String, kind: String, input: String?, mapping: [String: Any]
  ) throws -> PipelineStage {
    func stage<C: StageConfiguration>(
      _ type: C.Type, ranks: (C) -> Int = { _ in 1 }, hostfile: (C) -> String? = { _ in nil },
      _ run: @escaping (C, ModelArtifact?, StageContext) throws -> StageOutput
    ) throws -> PipelineStage {
      let configuration = try C.decode(mapping, stage: name)
      return PipelineStage(
        name: name, kind: kind, input: input, configurationJSON: configuration.canonicalJSON,
        ranks: ranks(configuration), hostfile: hostfile(configuration),
        fingerprint: { try configuration.externalFingerprint() },
        perform: { try run(configuration, $0, $1) })
    }
    func required(_ artifact: ModelArtifact?) throws -> ModelArtifact {
      guard let artifact else {
        throw TriscaleError.invalidArgument(
          name: "stage '\(name)'", problem: "a \(kind) stage needs an input model",
          fix: "Name the stage it takes: `input: STAGE`")
      }
      return artifact
    }
    switch kind {
    case TrainStage.kind:
      return try stage(
        TrainStage.Configuration.self, ranks: \.ranks, hostfile: \.hostfile
      ) { try TrainStage.run($0, start: $1, context: $2) }
    case PruneStage.kind:
      return try stage(PruneStage.Configuration.self) {
        try PruneStage.run($0, input: required($1), context: $2)
      }
    case QuantizeStage.kind:
      return try stage(QuantizeStage.Configuration.self) {
        try QuantizeStage.run($0, input: required($1), context: $2)
      }
    case ExportStage.kind:
      return try stage(ExportStage.Configuration.self) {
        try ExportStage.run($0, input: required($1), context: $2)
      }
    case EvaluateStage.kind:
      return try stage(EvaluateStage.Configuration.self) {
        try EvaluateStage.run($0, input: required($1), context: $2)
      }
    case LatencyStage.kind:
      return try stage(LatencyStage.Configuration.self) {
        try LatencyStage.run($0, input: required($1), context: $2)
      }
    default:
      throw unknown(kind, stage: name)
    }
  }
}
