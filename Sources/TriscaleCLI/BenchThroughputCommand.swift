import ArgumentParser
import TriscalePipeline

/// `triscale bench throughput`: the reference study's sweep of training
/// throughput over batch sizes, with gradient accumulation.
struct BenchThroughputCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "throughput",
    abstract:
      "Training throughput over batch sizes (optionally reached by gradient accumulation): table, JSON, SVG."
  )

  @Option(help: "Model zoo name.") var model = "resnet8"
  @Option(help: "Comma-separated effective batch sizes.") var batches = "64,128,256,512,1024"
  @Option(
    help: "Micro-batches per step: a number, or `auto` (batch / --micro-batch, as in the study).")
  var accumulate = "1"
  @Option(help: "Micro-batch size used by --accumulate auto.") var microBatch = 64
  @Option(help: "Compute threads.") var threads = 2
  @Option(help: "Untimed warm-up steps per configuration.") var warmup = 2
  @Option(help: "Timed steps per configuration.") var steps = 5
  @Option(help: "Directory for the JSON and SVG results.") var outputDirectory = "bench/results"

  /// The library configuration these flags describe.
  func sweep() throws -> ThroughputSweep.Configuration {
    var configuration = ThroughputSweep.Configuration()
    configuration.model = model
    configuration.batches = try PositiveIntegerList.parse(
      batches, flag: "--batches", example: "64,128,256")
    configuration.accumulate = accumulate
    configuration.microBatch = microBatch
    configuration.threads = threads
    configuration.warmup = warmup
    configuration.steps = steps
    return configuration
  }

  func validate() throws { try sweep().validate() }

  func run() throws {
    let configuration = try sweep()
    let report = try ThroughputSweep.run(
      configuration, command: commandLineText,
      report: StagePrinter(prefix: "bench throughput").handle)
    for line in report.lines { print(line) }
    let stem = try report.write(toDirectory: outputDirectory, for: configuration)
    print("wrote \(stem).json and \(stem).svg")
  }
}
