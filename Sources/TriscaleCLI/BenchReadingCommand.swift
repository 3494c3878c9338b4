import ArgumentParser
import TriscalePipeline

/// `triscale bench reading`: how the time to read, validate and plan a model
/// grows with its node count (10,000 and 100,000 by default).
struct BenchReadingCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "reading",
    abstract: "Time to read, validate and memory-plan models of growing node counts (this host).",
    discussion: """
      Writes deep residual float and int8 models of each node count to a temporary folder, then \
      times reading them back (decoding and full validation) and planning the int8 memory. The \
      ratios show whether the cost grows linearly with the node count.
      """)

  @Option(help: "Comma-separated node counts.") var nodes = "10000,100000"
  @Option(help: "Timed repetitions of each phase (the median is kept).") var rounds = 3
  @Option(help: "Write the results as JSON to this file.") var output: String?

  /// The library settings these flags describe.
  func settings() throws -> ModelReadingScaling.Settings {
    var settings = ModelReadingScaling.Settings()
    settings.nodeCounts = try PositiveIntegerList.parse(
      nodes, flag: "--nodes", example: "10000,100000")
    settings.rounds = rounds
    return settings
  }

  func validate() throws { try settings().validate() }

  func run() throws {
    if let output { try checkOutput(output, others: []) }
    let printer = StagePrinter(prefix: "bench reading")
    let report = try ModelReadingScaling.run(
      settings(), command: commandLineText, report: printer.handle)
    for line in report.lines { print(line) }
    if let output {
      try report.write(to: output)
      print("wrote \(output)")
    }
  }
}
