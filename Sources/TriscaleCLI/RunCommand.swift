import ArgumentParser
import Foundation
import TriscalePipeline

/// `triscale run PIPELINE.yaml`: runs a pipeline of stages with a cache.
struct RunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract:
      "Run a pipeline file: stages (train, prune, quantize, export, evaluate) with a cache.",
    discussion: """
      Each stage's result is cached under the hash of its kind, configuration, input model and \
      data: a second run reuses every stage, changing one stage re-runs it and what depends on \
      it, and a killed run continues (training resumes from its checkpoint). Writes \
      OUTPUT/pipeline.json and links OUTPUT/STAGE to each stage's results. See docs/pipelines.md \
      and examples/.
      """)

  @Argument(help: "The pipeline file (YAML).") var pipeline: String
  @Flag(help: "List what would run and what is cached, and run nothing.") var dryRun = false
  @Option(help: "Run this stage again even when it is cached (repeatable).") var force: [String] =
    []
  @Option(help: "Cache folder (default: OUTPUT/cache).") var cache: String?
  @Option(help: .hidden) var worker: String?
  @Option(help: .hidden) var folder: String?
  @Option(help: .hidden) var input: String?

  func run() throws {
    if let worker, let folder {
      let printer = StagePrinter(prefix: worker)
      return try DistributedLauncher.runWorker(
        pipeline: pipeline, stage: worker, folder: folder, inputPath: input,
        report: printer.handle)
    }
    let definition = try PipelineDefinition.read(path: pipeline)
    let runner = try PipelineRunner(
      definition: definition, cacheDirectory: cache, force: Set(force),
      launcher: DistributedLauncher(executable: Self.executablePath))
    if dryRun { return try printPlan(runner) }
    let printers = Dictionary(
      uniqueKeysWithValues: definition.stages.map { ($0.name, StagePrinter(prefix: $0.name)) })
    let record = try runner.run { event in Self.show(event, printers: printers) }
    PipelineSummary.print(record)
    print("run: wrote \(definition.outputDirectory)/pipeline.json")
  }

  static func show(_ event: PipelineRunner.Event, printers: [String: StagePrinter]) {
    switch event {
    case .stageStarted(let index, let count, let stage, let resuming):
      print(
        "[\(index)/\(count)] \(stage.name): \(stage.kind)\(stage.input.map { " \($0)" } ?? "") — "
          + (resuming ? "resuming from its checkpoint" : "running"))
    case .stageReused(let index, let count, let stage, let entry):
      print(
        "[\(index)/\(count)] \(stage.name): \(stage.kind)\(stage.input.map { " \($0)" } ?? "") — "
          + "reused (cache \(entry.key.prefix(12)))")
    case .progress(let stage, let event):
      printers[stage.name]?.handle(event)
    case .stageFinished(let stage, let entry, let seconds):
      printers[stage.name]?.show(entry.record)
      print(
        String(
          format: "%@: done in %.1f s (cache %@)", stage.name, seconds, String(entry.key.prefix(12))
        ))
    }
    fflush(nil)
  }

  private func printPlan(_ runner: PipelineRunner) throws {
    for (stage, plan) in try runner.plan() {
      let what = "\(stage.name): \(stage.kind)\(stage.input.map { " \($0)" } ?? "")"
      switch plan {
      case .cached(let key): print("\(what) — cached (\(key.prefix(12)))")
      case .wouldRun(let key, let resumable):
        print(
          "\(what) — would run\(resumable ? ", resuming from its checkpoint" : "") (\(key.prefix(12)))"
        )
      case .waitsForInput(let input): print("\(what) — would run after '\(input)'")
      }
    }
  }

  /// This executable, for the ranks of data-parallel stages.
  static var executablePath: String {
    (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
      ?? CommandLine.arguments[0]
  }
}
