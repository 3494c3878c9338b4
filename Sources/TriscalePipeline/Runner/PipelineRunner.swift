import Foundation
import TriscaleArtifact
import TriscaleCore
import TriscaleTrain

/// Runs a pipeline: each stage in file order, its result cached under the
/// hash of its kind, configuration, input artifact and data, so that a
/// second run reuses everything, a changed stage re-runs with what depends on
/// it, and a killed run continues from the stage's checkpoint.
public struct PipelineRunner {
  /// Progress of a run.
  public enum Event {
    /// A stage begins (index from 1); `resuming` when a checkpoint of it exists.
    case stageStarted(index: Int, count: Int, stage: PipelineStage, resuming: Bool)
    /// A stage was found in the cache.
    case stageReused(index: Int, count: Int, stage: PipelineStage, entry: StageCache.Entry)
    /// Progress inside the running stage.
    case progress(stage: PipelineStage, StageEvent)
    /// A stage finished.
    case stageFinished(stage: PipelineStage, entry: StageCache.Entry, seconds: Double)
  }

  /// What a dry run finds for one stage.
  public enum Plan: Equatable {
    /// In the cache under this key.
    case cached(key: String)
    /// Would run (a partial run of it exists when `resumable`).
    case wouldRun(key: String, resumable: Bool)
    /// Would run once its input exists.
    case waitsForInput(String)
  }

  /// The pipeline.
  public let definition: PipelineDefinition
  /// Where stage results are kept.
  public let cache: StageCache
  /// Stages to run again even when cached.
  public let force: Set<String>
  /// Starts a data-parallel stage's processes (`mpirun`); nil refuses such stages.
  public let launcher: DistributedLauncher?

  /// A runner; the cache defaults to `OUTPUT/cache`.
  public init(
    definition: PipelineDefinition, cacheDirectory: String? = nil, force: Set<String> = [],
    launcher: DistributedLauncher? = nil
  ) throws {
    let unknown = force.subtracting(definition.stages.map(\.name))
    if let name = unknown.sorted().first {
      throw TriscaleError.invalidArgument(
        name: "--force", problem: "'\(name)' is not a stage of \(definition.path)",
        fix: "Use one of: \(definition.stages.map(\.name).joined(separator: ", "))")
    }
    self.definition = definition
    cache = StageCache(directory: cacheDirectory ?? definition.outputDirectory + "/cache")
    self.force = force
    self.launcher = launcher
  }

  /// The cache key of `stage` given its input artifact's id and those of the
  /// models it refers to by key.
  func key(of stage: PipelineStage, inputID: String?, referenceIDs: [String: String] = [:]) throws
    -> String
  {
    var digest = ContentHash.Builder()
    digest.add("triscale-stage/\(ModelCard.currentVersion)")
    digest.add(stage.kind)
    digest.add(stage.configurationJSON)
    digest.add(inputID ?? "")
    for (key, id) in referenceIDs.sorted(by: { $0.key < $1.key }) { digest.add("\(key)=\(id)") }
    digest.add(try stage.fingerprint())
    return String(digest.finalize().prefix(24))
  }

  /// What a run would do, stage by stage, without running anything.
  public func plan() throws -> [(PipelineStage, Plan)] {
    var ids: [String: String?] = [:]
    var result: [(PipelineStage, Plan)] = []
    for stage in definition.stages {
      let needed = (stage.input.map { [$0] } ?? []) + stage.references.values.sorted()
      if let missing = needed.first(where: { ids[$0]??.isEmpty ?? true }) {
        result.append((stage, .waitsForInput(missing)))
        ids[stage.name] = .some(nil)
        continue
      }
      let key = try key(
        of: stage, inputID: stage.input.flatMap { ids[$0] ?? nil },
        referenceIDs: stage.references.compactMapValues { ids[$0] ?? nil })
      if !force.contains(stage.name), let entry = try cache.entry(key) {
        result.append((stage, .cached(key: key)))
        ids[stage.name] = entry.artifactID
      } else {
        let checkpoint = cache.partialFolder(key) + "/" + StageCache.checkpointFile
        result.append(
          (
            stage,
            .wouldRun(key: key, resumable: FileManager.default.fileExists(atPath: checkpoint))
          ))
        ids[stage.name] = .some(nil)
      }
    }
    return result
  }

  /// Runs every stage (reusing cached ones), links each stage's folder as
  /// `OUTPUT/NAME`, and writes `OUTPUT/pipeline.json`.
  public func run(report: @escaping (Event) -> Void) throws -> PipelineRecord {
    let started = Date()
    var artifacts: [String: ModelArtifact] = [:]
    var runs: [PipelineRecord.StageRun] = []
    try FileManager.default.createDirectory(
      atPath: definition.outputDirectory, withIntermediateDirectories: true)
    for (offset, stage) in definition.stages.enumerated() {
      let index = offset + 1
      let count = definition.stages.count
      let input = stage.input.flatMap { artifacts[$0] }
      let references = stage.references.compactMapValues { artifacts[$0] }
      let key = try key(of: stage, inputID: input?.id, referenceIDs: references.mapValues(\.id))
      if force.contains(stage.name) { try cache.remove(key) }
      let stageStart = Date()
      let entry: StageCache.Entry
      let status: String
      if let cached = try cache.entry(key) {
        entry = cached
        status = "reused"
        report(.stageReused(index: index, count: count, stage: stage, entry: cached))
        if cached.artifactID != nil { artifacts[stage.name] = try cache.artifact(key) }
      } else {
        let folder = try cache.prepare(key)
        var context = StageContext.running(
          in: folder, command: "triscale run \(definition.path), stage \(stage.name)"
        ) { report(.progress(stage: stage, $0)) }
        context.inputs = references
        report(.stageStarted(index: index, count: count, stage: stage, resuming: context.resume))
        let output = try execute(stage, input: input, context: context, folder: folder)
        entry = try cache.commit(output, key: key)
        status = context.resume ? "resumed" : "ran"
        artifacts[stage.name] = output.artifact
        report(
          .stageFinished(stage: stage, entry: entry, seconds: Date().timeIntervalSince(stageStart)))
      }
      try link(stage.name, to: cache.folder(key))
      runs.append(
        PipelineRecord.StageRun(
          name: stage.name, kind: stage.kind, input: stage.input, status: status, key: key,
          artifactID: entry.artifactID, folder: cache.folder(key),
          files: entry.files.map { cache.folder(key) + "/" + $0 },
          seconds: status == "reused" ? 0 : Date().timeIntervalSince(stageStart),
          record: entry.record, configuration: stage.configurationJSON,
          references: stage.references.isEmpty ? nil : stage.references))
    }
    let formatter = ISO8601DateFormatter()
    let record = PipelineRecord(
      pipeline: definition.name, file: definition.path, host: HostDescription.current,
      started: formatter.string(from: started), finished: formatter.string(from: Date()),
      seconds: Date().timeIntervalSince(started), stages: runs, report: definition.report)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    try AtomicFile.write(
      encoder.encode(record), to: definition.outputDirectory + "/pipeline.json")
    return record
  }

  private func execute(
    _ stage: PipelineStage, input: ModelArtifact?, context: StageContext, folder: String
  ) throws -> StageOutput {
    guard stage.ranks > 1 else { return try stage.run(input: input, context: context) }
    guard let launcher else {
      throw TriscaleError.invalidArgument(
        name: "stage '\(stage.name)' key 'ranks'",
        problem: "data-parallel stages need the triscale executable to start under mpirun",
        fix: "Run the pipeline with `triscale run`, or set ranks: 1")
    }
    if let input { try input.write(to: folder + "/input.tsm") }
    return try launcher.run(
      stage, pipeline: definition.path, folder: folder,
      inputPath: input.map { _ in folder + "/input.tsm" },
      report: context.report)
  }

  /// Points `OUTPUT/name` at the stage's cache folder (a symbolic link, replaced atomically).
  private func link(_ name: String, to target: String) throws {
    let path = definition.outputDirectory + "/" + name
    let temporary = path + ".link-\(getpid())"
    let absolute = URL(fileURLWithPath: target).standardizedFileURL.path
    try? FileManager.default.removeItem(atPath: temporary)
    try FileManager.default.createSymbolicLink(atPath: temporary, withDestinationPath: absolute)
    guard rename(temporary, path) == 0 else {
      try? FileManager.default.removeItem(atPath: temporary)
      throw TriscaleError.invalidFile(
        path: path, problem: "cannot link the stage's results there",
        fix: "Remove what is at that path (it must not be a folder)")
    }
  }
}
