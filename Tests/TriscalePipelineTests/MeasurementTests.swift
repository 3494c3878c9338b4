import Foundation
import Testing
import TriscaleCore

@testable import TriscalePipeline

/// The benchmark measurements as library calls: configurations refuse bad
/// values naming the flag, a throughput sweep returns one row per batch size,
/// and `bench train`'s JSON line reads back in the scaling measurement.
@Suite("Measurements")
struct MeasurementTests {
  private static func message(_ body: () throws -> Void) -> String? {
    do {
      try body()
      return nil
    } catch {
      return "\(error)"
    }
  }

  @Test func throughputSweepMeasuresEveryBatchSize() throws {
    var configuration = ThroughputSweep.Configuration()
    configuration.model = "dscnn-micro"
    configuration.batches = [2, 4]
    configuration.accumulate = "auto"
    configuration.microBatch = 2
    configuration.threads = 1
    configuration.warmup = 0
    configuration.steps = 1
    var lines: [String] = []
    let report = try ThroughputSweep.run(configuration, command: "test") { event in
      if case .message(let line) = event { lines.append(line) }
    }
    #expect(report.results.map(\.batch) == [2, 4])
    #expect(report.results.map(\.accumulate) == [1, 2])
    #expect(report.results.allSatisfy { $0.samplesPerSecond > 0 && $0.batchesPerSecond > 0 })
    #expect(report.command == "test" && report.machine == HostDescription.current)
    #expect(lines.count == 3, "a header and one row per batch size: \(lines)")
    #expect(report.lines.first?.hasPrefix("best: batch") == true)
  }

  @Test(arguments: [("runs", 9), ("rounds", 0), ("check-images", -1), ("warmup", -1)])
  func latencyComparisonRefusesBadValues(key: String, value: Int) throws {
    let message = try #require(
      Self.message {
        _ = try LatencyComparison.Configuration.decode(
          ["int8": "model.int8.tsm", key: value], stage: "latency")
      })
    #expect(message.contains("--\(key)"), "--\(key) missing from: \(message)")
  }

  @Test func latencyComparisonNeedsAnInt8Model() {
    let message = Self.message { try LatencyComparison.Configuration().validate() }
    #expect(message?.contains("--int8") == true)
  }

  @Test func latencyComparisonKeysAreTheFlagNames() throws {
    let configuration = try LatencyComparison.Configuration.decode(
      ["int8": "m.int8.tsm", "check-images": 50, "runs": 20, "dataset": "synthetic"],
      stage: "latency")
    #expect(configuration.settings.checkImages == 50 && configuration.settings.runs == 20)
    #expect(configuration.settings.rounds == 30 && configuration.data.kind == "synthetic")
  }

  @Test func roundRatiosGiveTheMedianAndQuartilesOfTheRounds() {
    let ratios = RoundRatios([1.2, 0.8, 1.0, 0.9, 1.1])
    #expect(ratios.median == 1.0)
    #expect(abs(ratios.lowerQuartile - 0.9) < 1e-12 && abs(ratios.upperQuartile - 1.1) < 1e-12)
    #expect(abs(ratios.relativeSpread - 0.2) < 1e-12)
    #expect(ratios.perRound == [1.2, 0.8, 1.0, 0.9, 1.1])
    #expect(ratios.text == "1.00x (interquartile 0.90–1.10, 5 rounds)")
    #expect(RoundRatios([0.5]).relativeSpread == 0)
  }

  @Test func aLatencyReportWithTooWideASpreadIsRefused() {
    func timing(_ runtime: String, _ round: Int, _ milliseconds: Double)
      -> LatencyComparison.Timing
    {
      LatencyComparison.Timing(
        runtime: runtime, precision: "int8", round: round,
        latency: .init(
          medianMilliseconds: milliseconds, p10Milliseconds: milliseconds,
          p90Milliseconds: milliseconds, runs: 10))
    }
    func report(_ ours: [Double], maxSpread: Double) -> LatencyComparison.Report {
      let timings = ours.enumerated().flatMap { round, value in
        [timing("triscale", round + 1, value), timing("litert-xnnpack", round + 1, 1)]
      }
      return LatencyComparison.Report(
        command: "test", machine: "test", cpu: HostDescription.cpu, date: "test", model: "m",
        kernelPath: "portable",
        arenaBytes: 0, timings: timings, ratios: LatencyComparison.Report.ratios(of: timings),
        maxSpread: maxSpread, agreement: [])
    }
    let steady = report([0.9, 0.9, 0.91, 0.89], maxSpread: 0.25)
    #expect(steady.refusal == nil)
    #expect(steady.ratios["int8 triscale/litert-xnnpack"]?.median == 0.9)
    let noisy = report([0.5, 1.5, 0.6, 1.4], maxSpread: 0.25)
    #expect(
      noisy.refusal?.contains("int8 triscale/litert-xnnpack ratio's interquartile range") == true)
  }

  @Test func throughputSweepRefusesAnIndivisibleAccumulation() {
    var configuration = ThroughputSweep.Configuration()
    configuration.batches = [64, 100]
    configuration.accumulate = "3"
    let message = Self.message { try configuration.validate() }
    #expect(message?.contains("--accumulate") == true)
    #expect(message?.contains("batch 64") == true)
  }

  @Test func integerListsParseOrNameTheFlag() throws {
    #expect(
      try PositiveIntegerList.parse("64, 128", flag: "--batches", example: "64") == [64, 128])
    for text in ["", "1,x", "0,2", "-1"] {
      let message = Self.message {
        _ = try PositiveIntegerList.parse(text, flag: "--ranks", example: "1,2")
      }
      #expect(message?.contains("--ranks") == true, "accepted '\(text)'")
    }
  }

  @Test func scalingReadsTheTrainingThroughputLine() throws {
    var configuration = TrainingThroughput.Configuration()
    configuration.model = "dscnn-micro"
    configuration.batch = 2
    configuration.threads = 1
    configuration.warmup = 0
    configuration.steps = 1
    let result = try #require(try TrainingThroughput.run(configuration))
    #expect(result.measurement.ranks == 1 && result.measurement.samplesPerSecond > 0)
    let output = result.lines.joined(separator: "\n") + "\n" + result.jsonLine + "\n"
    #expect(
      TrainingThroughput.samplesPerSecond(inOutput: output)
        == result.measurement.samplesPerSecond)
    #expect(TrainingThroughput.samplesPerSecond(inOutput: "no json here") == nil)
  }

  @Test func scalingWithoutMPIRunNamesTheFlag() {
    var configuration = ScalingMeasurement.Configuration()
    configuration.mpirun = "/nonexistent/mpirun"
    let message = Self.message {
      _ = try ScalingMeasurement.run(
        configuration, executable: "/bin/false", command: "test", report: { _ in })
    }
    #expect(message?.contains("--mpirun") == true)
  }
}
