import ArgumentParser
import TriscalePipeline

/// `triscale bench latency`: batch-1, one-thread latency of Triscale's int8
/// (and fp32) runtime against LiteRT on the exported .tflite, in the same run,
/// plus a check that the int8 outputs agree on real images.
struct BenchLatencyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "latency",
    abstract: "Batch-1 latency of Triscale int8/fp32 vs LiteRT (builtin and XNNPACK), same run.",
    discussion: """
      Exports the models to TFLite, times Triscale and LiteRT alternately on one thread, and \
      compares int8 outputs on --check-images test images with LiteRT's reference kernels (which \
      Triscale's int8 runtime matches exactly) and its builtin kernels. Needs \
      scripts/setup-litert.sh; run from the repository root.
      """)

  @Option(help: "Int8 model (from `triscale quantize`).") var int8: String
  @Option(help: "The float model it came from, to time fp32 as well.") var float: String?
  @Option(
    help: "Another int8 model (e.g. the unpruned one) to time with Triscale in the same rounds.")
  var baseline: String?
  @Option(help: "Timed runs per configuration.") var runs = 300
  @Option(help: "Untimed warm-up runs per configuration.") var warmup = 30
  @Option(help: "Rounds of the whole comparison (ratios use the medians of all rounds).")
  var rounds = 2
  @Option(help: "Test images whose int8 outputs are compared with LiteRT (0: skip).")
  var checkImages = 1000
  @OptionGroup var data: DatasetOptions
  @Option(help: "Python with ai-edge-litert (default: .venv-litert/bin/python).") var python:
    String?
  @Option(help: "Write the results as JSON to this file.") var output: String?

  /// The library configuration these flags describe.
  var comparison: LatencyComparison.Configuration {
    LatencyComparison.Configuration(
      settings: LatencyComparison.Settings(
        int8: int8, float: float, baseline: baseline, runs: runs, warmup: warmup, rounds: rounds,
        checkImages: checkImages, python: python),
      data: data.configuration)
  }

  func validate() throws { try comparison.validate() }

  func run() throws {
    if let output {
      try checkOutput(
        output,
        others: [
          ("--int8", int8), ("--float", float), ("--baseline", baseline), ("--python", python),
        ])
    }
    let printer = StagePrinter(prefix: "bench latency")
    let report = try LatencyComparison.run(
      comparison, command: commandLineText, report: printer.handle)
    for line in report.lines { print(line) }
    if let output {
      try report.write(to: output)
      print("wrote \(output)")
    }
  }
}
