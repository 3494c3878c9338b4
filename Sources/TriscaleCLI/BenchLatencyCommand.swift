import ArgumentParser
import TriscaleCore
import TriscalePipeline

/// `triscale bench latency`: batch-1, one-thread latency of Triscale's int8
/// (and fp32) runtime against LiteRT on the exported .tflite, in the same run,
/// plus a check that the int8 outputs agree on real images.
struct BenchLatencyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "latency",
    abstract: "Batch-1 latency of Triscale int8/fp32 vs LiteRT (builtin and XNNPACK), same run.",
    discussion: """
      Exports the models to TFLite and times Triscale and LiteRT on one thread in --rounds short \
      interleaved rounds (LiteRT loaded once in a peer process, the order reversed every other \
      round); each ratio is taken within a round and given as the median over the rounds with \
      its interquartile range. When a Triscale/LiteRT ratio's interquartile range exceeds \
      --max-spread of its median, the result is printed but not written to --output, and the \
      command fails: the machine was too noisy to publish it. It also compares int8 outputs on --check-images test images with LiteRT's reference kernels (which \
      Triscale's int8 runtime matches exactly) and its builtin kernels. Needs \
      scripts/setup-litert.sh; run from the repository root.
      """)

  @Option(help: "Int8 model (from `triscale quantize`).") var int8: String
  @Option(help: "The float model it came from, to time fp32 as well.") var float: String?
  @Option(
    help: "Another int8 model (e.g. the unpruned one) to time with Triscale in the same rounds.")
  var baseline: String?
  @Option(help: "Timed runs per runtime in each round.") var runs = 100
  @Option(help: "Untimed warm-up runs per runtime, before the first round.") var warmup = 50
  @Option(help: "Interleaved rounds (ratios: median and interquartile range over them).")
  var rounds = 30
  @Option(help: "Widest interquartile range, as a fraction of the median, to publish a ratio.")
  var maxSpread = 0.25
  @Option(help: "Test images whose int8 outputs are compared with LiteRT (0: skip).")
  var checkImages = 1000
  @OptionGroup var data: DatasetOptions
  @Option(help: "Python with ai-edge-litert (default: .venv-litert/bin/python).") var python:
    String?
  @Option(help: "Triscale's int8 kernels: automatic, avx2 or portable.")
  var kernels = "automatic"
  @Option(help: "Write the results as JSON to this file.") var output: String?

  /// The library configuration these flags describe.
  var comparison: LatencyComparison.Configuration {
    LatencyComparison.Configuration(
      settings: LatencyComparison.Settings(
        int8: int8, float: float, baseline: baseline, runs: runs, warmup: warmup, rounds: rounds,
        maxSpread: maxSpread, checkImages: checkImages, python: python, kernels: kernels),
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
    if let refusal = report.refusal {
      throw TriscaleError.invalidArgument(
        name: "bench latency", problem: refusal + (output.map { "; \($0) was not written" } ?? ""),
        fix:
          "Run it on a quiet machine (nothing else on its cores), with more --rounds, or, knowingly, a larger --max-spread"
      )
    }
    if let output {
      try report.write(to: output)
      print("wrote \(output)")
    }
  }
}
