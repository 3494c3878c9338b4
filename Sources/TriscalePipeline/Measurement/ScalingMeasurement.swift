import Foundation
import TriscaleCore

/// Data-parallel training throughput for 1…N MPI ranks on this host and the
/// scaling efficiency T(N) / (N · T(1)): each rank count runs
/// `mpirun -np N triscale bench train --distributed --json` (a
/// ``TrainingThroughput`` on every rank) and reads rank 0's line.
public enum ScalingMeasurement {
  /// `triscale bench scaling`'s flags.
  public struct Configuration: StageConfiguration {
    /// Model zoo name.
    public var model = "resnet8"
    /// Images per rank per step.
    public var batch = 128
    /// The rank counts to measure, in order.
    public var ranks = [1, 2]
    /// Compute threads per rank.
    public var threadsPerRank = 1
    /// Untimed warm-up steps.
    public var warmup = 3
    /// Timed steps.
    public var steps = 20
    /// The mpirun executable.
    public var mpirun = "/usr/bin/mpirun"

    /// The defaults.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
      case model, batch, ranks
      case threadsPerRank = "threads-per-rank"
      case warmup, steps, mpirun
    }

    /// Every key.
    public static var keys: [String] { CodingKeys.allCases.map(\.stringValue) }

    /// Checks every value, naming the flag and the fix when one is out of
    /// range (each rank's `bench train` checks its batch against memory).
    public func validate() throws {
      try Bounds.check(batch, in: Bounds.batchSize, name: "--batch", fix: "Use e.g. 128")
      try Bounds.checkThreads(threadsPerRank, name: "--threads-per-rank")
      try Bounds.check(steps, in: 1...Bounds.counts.upperBound, name: "--steps", fix: "Use e.g. 20")
      try Bounds.check(warmup, in: Bounds.counts, name: "--warmup", fix: "Use e.g. 3")
      guard !ranks.isEmpty else {
        throw TriscaleError.invalidArgument(
          name: "--ranks", problem: "no rank count given", fix: "Use e.g. 1,2")
      }
      try Bounds.checkEach(ranks, in: 1...1024, name: "--ranks", fix: "Use e.g. 1,2")
    }
  }

  /// One rank count's figures.
  public struct Point: Codable, Sendable {
    /// MPI ranks.
    public var ranks: Int
    /// Images of all ranks per second.
    public var samplesPerSecond: Double
    /// samples/s ÷ (ranks × the one-rank samples/s); NaN without a one-rank point before it.
    public var efficiency: Double
  }

  /// The result file (`bench/results/scaling-*.json`).
  public struct Report: MeasurementReport {
    /// The command that measured it.
    public var command: String
    /// The host (``HostDescription/current``).
    public var machine: String
    /// When.
    public var date: String
    /// Model zoo name.
    public var model: String
    /// Images per rank per step.
    public var batchPerRank: Int
    /// Compute threads per rank.
    public var threadsPerRank: Int
    /// One point per rank count, in the configuration's order.
    public var points: [Point]
  }

  /// Measures every rank count by running `executable` (the `triscale`
  /// tool) under mpirun; the table's header and rows go to `report` as they
  /// are measured. `command` is recorded in the report.
  public static func run(
    _ configuration: Configuration, executable: String, command: String,
    report: (StageEvent) -> Void
  ) throws -> Report {
    try configuration.validate()
    guard FileManager.default.isExecutableFile(atPath: configuration.mpirun) else {
      throw TriscaleError.invalidArgument(
        name: "--mpirun", problem: "\(configuration.mpirun) is not an executable",
        fix: "Install Open MPI (scripts/install-system-deps.sh)")
    }
    report(
      .message(
        "ranks  samples/s  efficiency   (\(configuration.model), \(configuration.batch) images per rank, \(configuration.threadsPerRank) thread(s) per rank, measured on this host)"
      ))
    var points: [Point] = []
    for count in configuration.ranks {
      let rate = try samplesPerSecond(configuration, ranks: count, executable: executable)
      let base = points.first { $0.ranks == 1 }?.samplesPerSecond ?? (count == 1 ? rate : .nan)
      let point = Point(
        ranks: count, samplesPerSecond: rate, efficiency: rate / (Double(count) * base))
      points.append(point)
      report(.message(String(format: "%5d  %9.1f  %10.3f", count, rate, point.efficiency)))
    }
    return Report(
      command: command, machine: HostDescription.current, date: measurementDate,
      model: configuration.model, batchPerRank: configuration.batch,
      threadsPerRank: configuration.threadsPerRank, points: points)
  }

  /// Runs `bench train --distributed --json` under mpirun with `count` ranks
  /// and returns rank 0's global samples/s.
  private static func samplesPerSecond(
    _ configuration: Configuration, ranks count: Int, executable: String
  ) throws -> Double {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: configuration.mpirun)
    process.arguments = [
      "-np", String(count), "--oversubscribe", "--bind-to", "none", "--mca", "btl", "self,vader",
      executable, "bench", "train", "--model", configuration.model,
      "--batch", String(configuration.batch), "--threads", String(configuration.threadsPerRank),
      "--warmup", String(configuration.warmup), "--steps", String(configuration.steps),
      "--distributed", "--json",
    ]
    var environment = ProcessInfo.processInfo.environment
    environment["OMPI_ALLOW_RUN_AS_ROOT"] = "1"
    environment["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1"
    process.environment = environment
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0,
      let rate = TrainingThroughput.samplesPerSecond(
        inOutput: String(decoding: data, as: UTF8.self))
    else {
      throw TriscaleError.backend(
        operation: "mpirun -np \(count)",
        status: "exit \(process.terminationStatus); run it by hand to see why")
    }
    return rate
  }
}
