import ArgumentParser
import Foundation
import TriscalePipeline

/// `triscale demo`: the whole multi-scale pipeline on the built-in dataset,
/// then its trade-off report.
struct DemoCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "demo",
    abstract: "Run the multi-scale pipeline on the built-in dataset and print its trade-off table.",
    discussion: """
      Runs examples/builtin.yaml (cloud model, pruned and int8 edge variants, a searched and \
      distilled microcontroller model whose generated C runs under QEMU when arm-none-eabi-gcc \
      and qemu-system-arm are installed, latencies, the cascade), then builds its report: the \
      study's table with every entry measured or estimated, the scenario recommendations, the \
      cascade and the Pareto plots, written to OUTPUT/report/report.html. A second run reuses \
      every stage from the cache.
      """)

  @Option(help: "The pipeline file to run.") var pipeline = "examples/builtin.yaml"

  func run() throws {
    guard FileManager.default.fileExists(atPath: pipeline) else {
      throw ValidationError(
        "\(pipeline) does not exist: run `triscale demo` from the repository root, or pass --pipeline FILE"
      )
    }
    let definition = try PipelineDefinition.read(path: pipeline)
    let runner = try PipelineRunner(
      definition: definition, launcher: DistributedLauncher(executable: RunCommand.executablePath))
    let printers = Dictionary(
      uniqueKeysWithValues: definition.stages.map { ($0.name, StagePrinter(prefix: $0.name)) })
    let record = try runner.run { event in RunCommand.show(event, printers: printers) }
    PipelineSummary.print(record)
    let report = try TradeoffReportBuilder(runDirectory: definition.outputDirectory).build()
    ReportPrinter.print(report)
    let html = try report.write(to: definition.outputDirectory + "/report")
    print(
      String(
        format: "demo: pipeline %.1f s; report %@ (and report.md, report.json, plots/)",
        record.seconds, html))
  }
}
