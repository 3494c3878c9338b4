import Foundation
import TriscaleArtifact
import TriscaleCore
import TriscaleEngine
import TriscaleInt8

/// Measures a model's batch-1 latency on this host (float on oneDNN, int8 on
/// the int8 runtime); its output is the same model with the figure added to
/// its card. The host is part of the cache key, so another machine measures again.
public enum LatencyStage: ModelInputStage {
  /// The stage kind in pipeline files.
  public static let kind = "latency"

  /// How to time.
  public struct Configuration: StageConfiguration, ConfigurationPart {
    /// Timed runs.
    public var runs = 300
    /// Untimed warm-up runs.
    public var warmup = 30
    /// Compute threads (1: the edge-device case).
    public var threads = 1

    /// The defaults.
    public init() {}

    /// The keys, which are the command-line flag names.
    public enum CodingKeys: String, CodingKey, CaseIterable { case runs, warmup, threads }

    /// Checks the run, warm-up and thread counts.
    public func validate() throws {
      try Bounds.check(runs, in: 10...1_000_000, name: "--runs", fix: "Use a few hundred")
      try Bounds.check(warmup, in: 0...1_000_000, name: "--warmup", fix: "Use a few dozen")
      try Bounds.checkThreads(threads)
    }

    /// The host: a latency measured on one machine says nothing about another.
    public func externalFingerprint() throws -> String { HostDescription.current }
  }

  /// Times `input` at batch 1.
  public static func run(
    _ configuration: Configuration, input: ModelArtifact, context: StageContext
  ) throws -> StageOutput {
    try configuration.validate()
    setComputeThreadCount(configuration.threads)
    let started = Date()
    let model = try input.weights.inferenceModel(batchSize: 1)
    let summary = try LatencyTimer.measure(
      model, warmup: configuration.warmup, runs: configuration.runs)
    let runtime: String
    switch input.weights {
    case .float: runtime = "oneDNN fp32"
    case .int8: runtime = "Triscale int8 (\(Int8KernelChoice.detectedPath) kernels)"
    }
    let subject =
      "batch 1, \(configuration.threads) thread(s), \(runtime), median of \(summary.runs) runs"
    let metric = Metric(
      name: "latency_ms", value: summary.medianMilliseconds, unit: "ms", subject: subject,
      provenance: context.measured)
    let record = StageRecord(
      kind: kind, metrics: [metric],
      lines: [
        String(
          format: "%@: %.3f ms (p10 %.3f, p90 %.3f) — %@, measured on this host",
          input.card.architecture, summary.medianMilliseconds, summary.p10Milliseconds,
          summary.p90Milliseconds, subject)
      ], seconds: Date().timeIntervalSince(started))
    var artifact = input
    artifact.card.metrics.append(metric)
    return StageOutput(artifact: artifact, record: record)
  }
}
