import Foundation
import TriscaleAnalysis
import TriscaleCore
import TriscaleEngine
import TriscaleGraph

/// The reference study's sweep of training throughput over batch sizes,
/// optionally reached by gradient accumulation: one ``TrainingStepTimer``
/// measurement per batch size, the best of them, a JSON file and an SVG plot.
public enum ThroughputSweep {
  /// `triscale bench throughput`'s flags.
  public struct Configuration: StageConfiguration {
    /// Model zoo name.
    public var model = "resnet8"
    /// Effective batch sizes (images per optimizer step).
    public var batches = [64, 128, 256, 512, 1024]
    /// Micro-batches per step: a number, or `auto` (batch / ``microBatch``, as in the study).
    public var accumulate = "1"
    /// Micro-batch size used by `accumulate: auto`.
    public var microBatch = 64
    /// Compute threads.
    public var threads = 2
    /// Untimed warm-up steps per batch size.
    public var warmup = 2
    /// Timed steps per batch size.
    public var steps = 5

    /// The defaults.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
      case model, batches, accumulate
      case microBatch = "micro-batch"
      case threads, warmup, steps
    }

    /// Every key.
    public static var keys: [String] { CodingKeys.allCases.map(\.stringValue) }

    /// The micro-batches that make one step of `batch` images.
    public func accumulation(for batch: Int) throws -> Int {
      if accumulate == "auto" { return max(1, batch / microBatch) }
      guard let count = Int(accumulate), count > 0 else {
        throw TriscaleError.invalidArgument(
          name: "--accumulate", problem: "'\(accumulate)' is neither a positive number nor auto",
          fix: "Use 1, 4 or auto")
      }
      return count
    }

    /// Checks every value, naming the flag and the fix when one is out of range.
    public func validate() throws {
      try Bounds.checkThreads(threads)
      try Bounds.check(steps, in: 1...Bounds.counts.upperBound, name: "--steps", fix: "Use e.g. 5")
      try Bounds.check(warmup, in: Bounds.counts, name: "--warmup", fix: "Use e.g. 2")
      try Bounds.check(
        microBatch, in: Bounds.batchSize, name: "--micro-batch", fix: "Use e.g. 64")
      guard !batches.isEmpty else {
        throw TriscaleError.invalidArgument(
          name: "--batches", problem: "no batch size given", fix: "Use e.g. 64,128,256")
      }
      try Bounds.checkEach(
        batches, in: Bounds.batchSize, name: "--batches", fix: "Use e.g. 64,128,256")
      let graph = try ModelZoo.graph(named: model)
      for batch in batches {
        let parts = try accumulation(for: batch)
        try Bounds.check(
          parts, in: 1...4096, name: "--accumulate", fix: "Use 1, 4 or auto")
        try ActivationMemory.check(
          batch: batch / parts, flag: "--batches", graph: graph, training: true)
        guard batch % parts == 0 else {
          throw TriscaleError.invalidArgument(
            name: "--accumulate",
            problem: "batch \(batch) is not divisible into \(parts) micro-batches",
            fix: "Choose batch sizes that are multiples of the accumulation count")
        }
      }
    }
  }

  /// The sweep's result file (`bench/results/throughput-MODEL[-accumulate-N].json`).
  public struct Report: MeasurementReport {
    /// The command that measured it.
    public var command: String
    /// The host (``HostDescription/current``).
    public var machine: String
    /// When.
    public var date: String
    /// Compute threads.
    public var threads: Int
    /// How the figures were obtained.
    public var measuredOn = "this host"
    /// One measurement per batch size, in the configuration's order.
    public var results: [TrainingStepTimer.Measurement]
    /// The measurement with the most samples per second.
    public var best: TrainingStepTimer.Measurement

    /// The best configuration, as text.
    public var lines: [String] {
      [
        String(
          format: "best: batch %d (accumulate %d) at %.1f samples/s", best.batch, best.accumulate,
          best.samplesPerSecond)
      ]
    }
  }

  /// Measures every batch size; the table's header and rows go to `report`
  /// as they are measured. `command` is recorded in the report.
  public static func run(
    _ configuration: Configuration, command: String, report: (StageEvent) -> Void
  ) throws -> Report {
    try configuration.validate()
    setComputeThreadCount(configuration.threads)
    let graph = try ModelZoo.graph(named: configuration.model)
    report(
      .message(
        "batch  micro  accumulate  samples/s  batches/s   (measured on this host, \(configuration.threads) threads)"
      ))
    var results: [TrainingStepTimer.Measurement] = []
    for batch in configuration.batches {
      let parts = try configuration.accumulation(for: batch)
      let result = try TrainingStepTimer(
        graph: graph, microBatch: batch / parts, accumulate: parts,
        warmup: configuration.warmup, steps: configuration.steps
      ).measure()
      results.append(result)
      report(
        .message(
          String(
            format: "%5d  %5d  %10d  %9.1f  %9.2f", batch, result.microBatch, parts,
            result.samplesPerSecond, result.batchesPerSecond)))
    }
    let best = results.max { $0.samplesPerSecond < $1.samplesPerSecond }!  // validate(): not empty
    return Report(
      command: command, machine: HostDescription.current, date: measurementDate,
      threads: configuration.threads, results: results, best: best)
  }
}

extension ThroughputSweep.Report {
  /// Writes `DIRECTORY/throughput-MODEL[-accumulate-N].json` and the `.svg`
  /// plot of samples/s over batch size beside it; returns that path without
  /// the extension.
  public func write(
    toDirectory directory: String, for configuration: ThroughputSweep.Configuration
  ) throws -> String {
    let whole = configuration.accumulate == "1"
    let stem =
      "\(directory)/throughput-\(configuration.model)"
      + (whole ? "" : "-accumulate-\(configuration.accumulate)")
    try write(to: stem + ".json")
    let plot = SVGLinePlot(
      title:
        "\(configuration.model) training throughput (\(threads) threads, measured on this host)",
      xLabel: "batch size", yLabel: "samples/s", logarithmicX: true,
      series: [
        .init(
          name: whole ? "whole batch" : "accumulate \(configuration.accumulate)",
          points: results.map { (Double($0.batch), $0.samplesPerSecond) })
      ])
    try AtomicFile.write(Data(plot.render().utf8), to: stem + ".svg")
    return stem
  }
}
