import Foundation
import TriscaleCore
import TriscaleEngine
import TriscaleGraph
import TriscaleTrain

/// The training throughput of one configuration (model, batch, threads,
/// precision) on this host, alone or data-parallel over MPI: what
/// `triscale bench train` measures and the scripts under `bench/` compare
/// with PyTorch and Keras.
public enum TrainingThroughput {
  /// `triscale bench train`'s flags.
  public struct Configuration: StageConfiguration {
    /// Model zoo name.
    public var model = "resnet8"
    /// Images per step (per rank).
    public var batch = 128
    /// Compute threads.
    public var threads = 2
    /// Activation precision.
    public var precision = Precision.fp32
    /// Untimed warm-up steps.
    public var warmup = 3
    /// Timed steps.
    public var steps = 20
    /// Data-parallel over MPI (the process runs under `mpirun`); counts all ranks' images.
    public var distributed = false

    /// The defaults.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
      case model, batch, threads, precision, warmup, steps, distributed
    }

    /// Every key.
    public static var keys: [String] { CodingKeys.allCases.map(\.stringValue) }

    /// Checks every value, naming the flag and the fix when one is out of range.
    public func validate() throws {
      try Bounds.check(batch, in: Bounds.batchSize, name: "--batch", fix: "Use e.g. 128")
      try Bounds.checkThreads(threads)
      try Bounds.check(steps, in: 1...Bounds.counts.upperBound, name: "--steps", fix: "Use e.g. 20")
      try Bounds.check(warmup, in: Bounds.counts, name: "--warmup", fix: "Use e.g. 3")
      try ActivationMemory.check(
        batch: batch, flag: "--batch", graph: ModelZoo.graph(named: model), training: true)
    }
  }

  /// One configuration's measurement and how to show it.
  public struct Result: Sendable {
    /// What was measured.
    public var configuration: Configuration
    /// What the timer found.
    public var measurement: TrainingStepTimer.Measurement

    /// One JSON object, the line `bench/*.sh` and ``ScalingMeasurement`` read.
    public var jsonLine: String {
      "{\"framework\": \"triscale\", \"model\": \"\(configuration.model)\", "
        + "\"batch\": \(configuration.batch), \"threads\": \(configuration.threads), "
        + "\"ranks\": \(measurement.ranks), \"precision\": \"\(configuration.precision.rawValue)\", "
        + "\"steps\": \(configuration.steps), \"seconds\": \(measurement.seconds), "
        + "\"samples_per_second\": \(measurement.samplesPerSecond)}"
    }

    /// The compute path and the throughput, as text.
    public var lines: [String] {
      [
        "compute path: \(measurement.computePath)",
        String(
          format:
            "%@ batch %d per rank, %d rank(s) × %d threads: %.1f samples/s (%d steps in %.2f s, measured on this host)",
          configuration.model, configuration.batch, measurement.ranks, configuration.threads,
          measurement.samplesPerSecond, configuration.steps, measurement.seconds),
      ]
    }
  }

  /// The samples per second in a ``Result/jsonLine`` (the last JSON line of `output`), if any.
  public static func samplesPerSecond(inOutput output: String) -> Double? {
    struct Line: Decodable {
      var samplesPerSecond: Double
      enum CodingKeys: String, CodingKey { case samplesPerSecond = "samples_per_second" }
    }
    guard let line = output.split(separator: "\n").last(where: { $0.hasPrefix("{") }) else {
      return nil
    }
    return (try? JSONDecoder().decode(Line.self, from: Data(line.utf8)))?.samplesPerSecond
  }

  /// Times `configuration`; under MPI (`distributed`) every rank takes part
  /// and only rank 0 gets a result (the others get nil).
  public static func run(_ configuration: Configuration) throws -> Result? {
    try configuration.validate()
    setComputeThreadCount(configuration.threads)
    let communicator: Communicator =
      configuration.distributed ? try MPICommunicator() : SingleProcess()
    defer { (communicator as? MPICommunicator)?.finish() }
    let timer = TrainingStepTimer(
      graph: try ModelZoo.graph(named: configuration.model), microBatch: configuration.batch,
      accumulate: 1, warmup: configuration.warmup, steps: configuration.steps,
      communicator: communicator, precision: configuration.precision)
    let measurement = try timer.measure()
    guard communicator.rank == 0 else { return nil }
    return Result(configuration: configuration, measurement: measurement)
  }
}
