import ArgumentParser
import Foundation
import TriscaleCore

/// The `triscale` command-line tool.
@main
struct Triscale: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "triscale",
    abstract: "Train one image classifier and deploy it to cloud, edge and microcontroller tiers.",
    subcommands: [
      DemoCommand.self, ModelsCommand.self, TrainCommand.self, EvaluateCommand.self, BenchCommand.self,
    ])

  /// Parses (after expanding `--config`), runs, and turns every error into one line and a non-zero exit.
  static func main() {
    do {
      let arguments = try ConfigFile.expand(Array(CommandLine.arguments.dropFirst()))
      var command = try parseAsRoot(arguments)
      try command.run()
    } catch let error as TriscaleError {
      FileHandle.standardError.write(Data("error: \(error)\n".utf8))
      Foundation.exit(1)
    } catch {
      exit(withError: error)
    }
  }
}
