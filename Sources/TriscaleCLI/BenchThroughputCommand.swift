import ArgumentParser
import Foundation
import TriscaleAnalysis
import TriscaleCore
import TriscaleEngine
import TriscaleGraph
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

  func sizes() throws -> [Int] {
    let values = batches.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
    guard !values.isEmpty, values.allSatisfy({ ($0 ?? 0) > 0 }) else {
      throw TriscaleError.invalidArgument(
        name: "--batches", problem: "'\(batches)' is not a list of positive integers",
        fix: "Use e.g. 64,128,256")
    }
    return values.compactMap { $0 }
  }

  func accumulation(for batch: Int) throws -> Int {
    if accumulate == "auto" { return max(1, batch / microBatch) }
    guard let count = Int(accumulate), count > 0 else {
      throw TriscaleError.invalidArgument(
        name: "--accumulate", problem: "'\(accumulate)' is neither a positive number nor auto",
        fix: "Use 1, 4 or auto")
    }
    return count
  }

  func validate() throws {
    guard threads > 0, steps > 0, warmup >= 0, microBatch > 0 else {
      throw ValidationError(
        "--threads, --steps and --micro-batch must be positive and --warmup not negative")
    }
  }

  func run() throws {
    setComputeThreadCount(threads)
    let graph = try ModelZoo.graph(named: model)
    var results: [ThroughputProbe.Measurement] = []
    print(
      "batch  micro  accumulate  samples/s  batches/s   (measured on this host, \(threads) threads)"
    )
    for batch in try sizes() {
      let parts = try accumulation(for: batch)
      guard batch % parts == 0 else {
        throw TriscaleError.invalidArgument(
          name: "--accumulate",
          problem: "batch \(batch) is not divisible into \(parts) micro-batches",
          fix: "Choose batch sizes that are multiples of the accumulation count")
      }
      let result = try ThroughputProbe(
        graph: graph, microBatch: batch / parts, accumulate: parts, warmup: warmup, steps: steps
      ).measure()
      results.append(result)
      print(
        String(
          format: "%5d  %5d  %10d  %9.1f  %9.2f", batch, result.microBatch, parts,
          result.samplesPerSecond,
          result.batchesPerSecond))
    }
    guard let best = results.max(by: { $0.samplesPerSecond < $1.samplesPerSecond }) else { return }
    print(
      String(
        format: "best: batch %d (accumulate %d) at %.1f samples/s", best.batch, best.accumulate,
        best.samplesPerSecond))
    try write(results, best: best)
  }

  private func write(_ results: [ThroughputProbe.Measurement], best: ThroughputProbe.Measurement)
    throws
  {
    struct Report: Codable {
      var command: String
      var machine: String
      var date: String
      var threads: Int
      var measuredOn = "this host"
      var results: [ThroughputProbe.Measurement]
      var best: ThroughputProbe.Measurement
    }
    let stem =
      "\(outputDirectory)/throughput-\(model)"
      + (accumulate == "1" ? "" : "-accumulate-\(accumulate)")
    let report = Report(
      command: (["triscale"] + CommandLine.arguments.dropFirst()).joined(separator: " "),
      machine: HostDescription.current, date: ISO8601DateFormatter().string(from: Date()),
      threads: threads,
      results: results, best: best)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    try AtomicFile.write(try encoder.encode(report), to: stem + ".json")
    let plot = SVGLinePlot(
      title: "\(model) training throughput (\(threads) threads, measured on this host)",
      xLabel: "batch size",
      yLabel: "samples/s", logarithmicX: true,
      series: [
        .init(
          name: accumulate == "1" ? "whole batch" : "accumulate \(accumulate)",
          points: results.map { (Double($0.batch), $0.samplesPerSecond) })
      ])
    try AtomicFile.write(Data(plot.render().utf8), to: stem + ".svg")
    print("wrote \(stem).json and \(stem).svg")
  }
}
