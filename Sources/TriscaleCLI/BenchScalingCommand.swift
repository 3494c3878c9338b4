import ArgumentParser
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

  /// The library configuration these flags describe.
  func measurement() throws -> ScalingMeasurement.Configuration {
    var configuration = ScalingMeasurement.Configuration()
    configuration.model = model
    configuration.batch = batch
    configuration.ranks = try PositiveIntegerList.parse(ranks, flag: "--ranks", example: "1,2")
    configuration.threadsPerRank = threadsPerRank
    configuration.warmup = warmup
    configuration.steps = steps
    configuration.mpirun = mpirun
    return configuration
  }

  func validate() throws { try measurement().validate() }

  func run() throws {
    if let output { try checkOutput(output, others: [("--mpirun", mpirun)]) }
    let report = try ScalingMeasurement.run(
      measurement(),
      executable: RunCommand.executablePath,
      command: commandLineText, report: StagePrinter(prefix: "bench scaling").handle)
    if let output {
      try report.write(to: output)
      print("wrote \(output)")
    }
  }
}
