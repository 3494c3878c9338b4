import TriscaleArtifact
import TriscaleCore

/// A stage: a function from a configuration and an input artifact to an
/// output (artifact, files, record). Pipelines and commands both call ``run``.
public protocol Stage {
  /// The configuration it takes.
  associatedtype Configuration: StageConfiguration
  /// Its kind in pipeline files ("train").
  static var kind: String { get }
  /// Keys whose value, in a pipeline file, may name a stage above whose model
  /// the stage also takes (a distillation's `teacher`); the runner hands those
  /// models over as ``StageContext/inputs``.
  static var modelReferenceKeys: [String] { get }
  /// Runs it; `input` is the model it starts from (optional for train, required for the rest).
  static func run(_ configuration: Configuration, input: ModelArtifact?, context: StageContext)
    throws -> StageOutput
}

extension Stage {
  /// No other models by default.
  public static var modelReferenceKeys: [String] { [] }
}

/// A stage that needs an input model.
public protocol ModelInputStage: Stage {
  /// Runs it on `input`.
  static func run(_ configuration: Configuration, input: ModelArtifact, context: StageContext)
    throws -> StageOutput
}

extension ModelInputStage {
  /// Runs it, or explains that it needs an input model.
  public static func run(
    _ configuration: Configuration, input: ModelArtifact?, context: StageContext
  ) throws -> StageOutput {
    guard let input else {
      throw TriscaleError.invalidArgument(
        name: "\(kind) stage", problem: "a \(kind) stage needs an input model",
        fix: "Name the stage it takes: `input: STAGE`")
    }
    return try run(configuration, input: input, context: context)
  }
}
