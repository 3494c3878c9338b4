import Foundation
import TriscaleAnalysis
import TriscaleCore
import Yams

/// A pipeline file, decoded: named stages in file order, each with its kind,
/// its input stage and its configuration.
///
/// ```yaml
/// name: builtin                      # optional; default: the file's base name
/// output: runs/pipelines/builtin     # optional; default: runs/pipelines/NAME
/// defaults:                          # optional; given to every stage that has the key
///   dataset: synthetic
/// stages:
///   cloud:
///     stage: train
///     model: resnet8
///   edge:
///     stage: quantize
///     input: cloud
///     calibration: minmax
/// ```
///
/// A stage's other keys are its command's flag names. An input must name a
/// stage above it that makes a model (not an export); so may a key that takes
/// a model (a distillation's `teacher: cloud`), which otherwise names a file. Relative paths are
/// relative to the current directory, as on the command line.
public struct PipelineDefinition {
  /// The pipeline's name.
  public var name: String
  /// The file it was read from.
  public var path: String
  /// Where `pipeline.json`, the stage links and (by default) the cache go.
  public var outputDirectory: String
  /// The stages in file order (every input comes before its consumer).
  public var stages: [PipelineStage]
  /// The `report:` section: the variants, scenarios and devices of its trade-off report.
  public var report = ReportSettings()

  /// The keys a pipeline file's top level may have.
  public static let topLevelKeys = ["name", "output", "defaults", "stages", "report"]

  /// Reads and decodes the pipeline file at `path`.
  public static func read(path: String) throws -> PipelineDefinition {
    let text = try BoundedYAML.readText(
      path: path, what: "pipeline file", fix: "Check the path (examples/ has pipeline files)")
    return try decode(text, path: path)
  }

  /// Decodes pipeline-file text; `path` names it in errors. The text is read
  /// under ``BoundedYAML/Limits/standard`` (size, nesting depth, values).
  public static func decode(_ text: String, path: String) throws -> PipelineDefinition {
    func fail(_ problem: String, _ fix: String) -> TriscaleError {
      .invalidFile(path: path, problem: problem, fix: fix)
    }
    let root = try BoundedYAML.compose(text, path: path)
    guard let top = root?.mapping else {
      throw fail(
        "the top level is not a mapping", "Write `stages:` with one mapping per stage")
    }
    var topLevel: [String: Node] = [:]
    for (key, value) in top {
      guard let name = key.string, topLevelKeys.contains(name) else {
        throw fail(
          "unknown top-level key '\(key.string ?? "?")'",
          "Use \(topLevelKeys.joined(separator: ", "))")
      }
      topLevel[name] = value
    }
    let base = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
    let name = topLevel["name"]?.string ?? base
    let output = topLevel["output"]?.string ?? "runs/pipelines/\(name)"
    let defaults = topLevel["defaults"].map(plain)
    guard let stageNodes = topLevel["stages"]?.mapping, !stageNodes.isEmpty else {
      throw fail("it has no `stages:` mapping", "List the stages under `stages:`")
    }
    var stages: [PipelineStage] = []
    var producesModel: [String: Bool] = [:]
    for (key, node) in stageNodes {
      guard let stageName = key.string,
        stageName.range(of: #"^[A-Za-z0-9_-]+$"#, options: .regularExpression) != nil
      else {
        throw fail(
          "stage name '\(key.string ?? "?")' is not letters, digits, '-' and '_'",
          "Rename the stage")
      }
      guard producesModel[stageName] == nil else {
        throw fail("stage '\(stageName)' is defined twice", "Give every stage its own name")
      }
      guard
        var mapping = plain(node) as? [String: Any]
      else {
        throw fail(
          "stage '\(stageName)' is not a mapping", "Give it `stage: KIND` and its keys")
      }
      guard let kind = mapping.removeValue(forKey: "stage") as? String else {
        throw fail(
          "stage '\(stageName)' has no `stage:` key",
          "Add `stage:` with one of \(StageKind.all.joined(separator: ", "))")
      }
      let input = mapping.removeValue(forKey: "input").map { "\($0)" }
      if let input {
        guard let makesModel = producesModel[input] else {
          throw fail(
            "stage '\(stageName)' takes input '\(input)', which is not a stage above it",
            "Name a stage defined earlier in the file")
        }
        guard makesModel else {
          throw fail(
            "stage '\(stageName)' takes input '\(input)', which makes no model (an export or a cascade)",
            "Name a stage that makes a model (train, prune, quantize, evaluate, latency)")
        }
      }
      var references: [String: String] = [:]
      for key in try StageKind.modelReferenceKeys(of: kind, stage: stageName) {
        guard let value = mapping[key] as? String, let makesModel = producesModel[value] else {
          continue
        }
        guard makesModel else {
          throw fail(
            "stage '\(stageName)' key '\(key)' names '\(value)', which makes no model (an export or a cascade)",
            "Name a stage that makes a model")
        }
        references[key] = value
      }
      var stage: PipelineStage
      do {
        if let defaults = defaults as? [String: Any] {
          let known = Set(try StageKind.keys(of: kind, stage: stageName))
          for (key, value) in defaults where known.contains(key) && mapping[key] == nil {
            mapping[key] = value
          }
        }
        stage = try StageKind.make(name: stageName, kind: kind, input: input, mapping: mapping)
      } catch TriscaleError.invalidArgument(let name, let problem, let fix) {
        let key = name.hasPrefix("--") ? "key '\(name.dropFirst(2))'" : nil
        let subject = key.map { "stage '\(stageName)' \($0)" } ?? name
        throw fail("\(subject): \(problem)", fix)
      }
      stage.references = references
      stages.append(stage)
      producesModel[stageName] = ![ExportStage.kind, CascadeStage.kind].contains(kind)
    }
    var definition = PipelineDefinition(
      name: name, path: path, outputDirectory: output, stages: stages)
    if let report = topLevel["report"] {
      definition.report = try decodeReport(report, path: path, stages: stages.map(\.name))
    }
    return definition
  }

  private static func decodeReport(_ node: Node, path: String, stages: [String]) throws
    -> ReportSettings
  {
    let settings: ReportSettings
    let value = plain(node)
    guard value is [String: Any] else {
      throw TriscaleError.invalidFile(
        path: path, problem: "the `report:` section is not a mapping",
        fix: "Give report: with title, tiers, scenarios and devices keys")
    }
    do {
      let data = try JSONSerialization.data(withJSONObject: value)
      settings = try JSONDecoder().decode(ReportSettings.self, from: data)
    } catch let error as DecodingError {
      throw TriscaleError.invalidFile(
        path: path,
        problem:
          "the `report:` section does not read: \(DecodingProblem(error, in: value).description)",
        fix:
          "Give title (text), tiers (stage: cloud|edge|microcontroller), scenarios and devices (lists)"
      )
    }
    for stage in (settings.tiers ?? [:]).keys.sorted() where !stages.contains(stage) {
      throw TriscaleError.invalidFile(
        path: path, problem: "`report:` tiers names '\(stage)', which is not a stage",
        fix: "Use one of: \(stages.joined(separator: ", "))")
    }
    return settings
  }

  /// The YAML node as plain values (String, Int, Double, Bool, arrays,
  /// dictionaries; an empty mapping for null); ``BoundedYAML`` has already
  /// bounded its size.
  private static func plain(_ node: Node) -> Any { node.null == nil ? node.any : [String: Any]() }
}
