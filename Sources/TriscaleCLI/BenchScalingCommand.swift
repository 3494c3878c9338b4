import ArgumentParser
import Foundation
import TriscaleCore
import TriscalePipeline

/// `triscale bench scaling`: data-parallel throughput for 1…N MPI ranks on
/// this host and the scaling efficiency T(N) / (N · T(1)).
struct BenchScalingCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "scaling",
    abstract:
      "Data-parallel training throughput for 1..N MPI ranks and the scaling efficiency (measured on this host).",
    discussion:
      "Each configuration runs `mpirun -np N triscale bench train --distributed`; bench/scaling.sh adds PyTorch DDP."
  )

  @Option(help: "Model zoo name.") var model = "resnet8"
  @Option(help: "Images per rank per step.") var batch = 128
  @Option(help: "Comma-separated rank counts.") var ranks = "1,2"
  @Option(help: "Threads per rank.") var threadsPerRank = 1
  @Option(help: "Untimed warm-up steps.") var warmup = 3
  @Option(help: "Timed steps.") var steps = 20
  @Option(help: "The mpirun executable.") var mpirun = "/usr/bin/mpirun"
  @Option(help: "Write the results as JSON to this file.") var output: String?

  struct Point: Codable {
    var ranks: Int
    var samplesPerSecond: Double
    var efficiency: Double
  }

  func rankCounts() throws -> [Int] {
    let values = ranks.split(separator: ",").compactMap {
      Int($0.trimmingCharacters(in: .whitespaces))
    }
    guard !values.isEmpty, values.allSatisfy({ $0 > 0 }),
      values.count == ranks.split(separator: ",").count
    else {
      throw TriscaleError.invalidArgument(
        name: "--ranks", problem: "'\(ranks)' is not a list of positive integers",
        fix: "Use e.g. 1,2")
    }
    return values
  }

  func validate() throws {
    guard batch > 0, threadsPerRank > 0, steps > 0, warmup >= 0 else {
      throw ValidationError(
        "--batch, --threads-per-rank and --steps must be positive and --warmup not negative")
    }
    _ = try rankCounts()
  }

  func run() throws {
    guard FileManager.default.isExecutableFile(atPath: mpirun) else {
      throw TriscaleError.invalidArgument(
        name: "--mpirun", problem: "\(mpirun) is not an executable",
        fix: "Install Open MPI (scripts/install-system-deps.sh)")
    }
    var points: [Point] = []
    print(
      "ranks  samples/s  efficiency   (\(model), \(batch) images per rank, \(threadsPerRank) thread(s) per rank, measured on this host)"
    )
    for count in try rankCounts() {
      let rate = try measure(ranks: count)
      let base = points.first { $0.ranks == 1 }?.samplesPerSecond ?? (count == 1 ? rate : .nan)
      let point = Point(
        ranks: count, samplesPerSecond: rate, efficiency: rate / (Double(count) * base))
      points.append(point)
      print(String(format: "%5d  %9.1f  %10.3f", count, rate, point.efficiency))
    }
    if let output {
      struct Report: Codable {
        var command: String
        var machine: String
        var date: String
        var model: String
        var batchPerRank: Int
        var threadsPerRank: Int
        var points: [Point]
      }
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
      let report = Report(
        command: (["triscale"] + CommandLine.arguments.dropFirst()).joined(separator: " "),
        machine: HostDescription.current, date: ISO8601DateFormatter().string(from: Date()),
        model: model,
        batchPerRank: batch, threadsPerRank: threadsPerRank, points: points)
      try AtomicFile.write(try encoder.encode(report), to: output)
      print("wrote \(output)")
    }
  }

  /// Runs `bench train --distributed` under mpirun with `count` ranks and returns rank 0's global samples/s.
  private func measure(ranks count: Int) throws -> Double {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: mpirun)
    process.arguments = [
      "-np", String(count), "--oversubscribe", "--bind-to", "none", "--mca", "btl", "self,vader",
      URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path, "bench", "train",
      "--model", model, "--batch", String(batch), "--threads",
      String(threadsPerRank), "--warmup", String(warmup), "--steps", String(steps), "--distributed",
      "--json",
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
    struct Line: Decodable {
      var samplesPerSecond: Double
      enum CodingKeys: String, CodingKey { case samplesPerSecond = "samples_per_second" }
    }
    guard process.terminationStatus == 0,
      let line = String(decoding: data, as: UTF8.self).split(separator: "\n").last(where: {
        $0.hasPrefix("{")
      }),
      let parsed = try? JSONDecoder().decode(Line.self, from: Data(line.utf8))
    else {
      throw TriscaleError.backend(
        operation: "mpirun -np \(count)",
        status: "exit \(process.terminationStatus); run it by hand to see why")
    }
    return parsed.samplesPerSecond
  }
}
