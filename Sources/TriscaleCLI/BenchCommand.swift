import ArgumentParser

/// `triscale bench`: measured performance of Triscale on this host.
struct BenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench", abstract: "Measure Triscale's performance on this host.",
    subcommands: [
      BenchTrainCommand.self, BenchThroughputCommand.self, BenchScalingCommand.self,
      BenchLatencyCommand.self, BenchReadingCommand.self,
    ])
}
