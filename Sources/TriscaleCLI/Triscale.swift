import ArgumentParser
import Foundation
import TriscaleCore

/// The `triscale` command-line tool.
@main
struct Triscale: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "triscale",
    abstract: "Train one image classifier and deploy it to cloud, edge and microcontroller tiers.",
    version: "0.1.0",
    subcommands: [
      RunCommand.self, DemoCommand.self, ReportCommand.self, ModelsCommand.self, TrainCommand.self,
      EvaluateCommand.self,
      DistillCommand.self, SearchCommand.self, PruneCommand.self, QuantizeCommand.self,
      ExportCommand.self, DeployCommand.self, BenchCommand.self, DevicesCommand.self,
      RegistryCommand.self, ServeCommand.self, MonitorCommand.self,
    ])

  /// Parses (after expanding `--config`), runs, and turns every error into
  /// one line on standard error and a non-zero exit (help and version
  /// requests print as usual).
  static func main() {
    var config: ConfigFile?
    do {
      config = try ConfigFile(expanding: Array(CommandLine.arguments.dropFirst()))
      var command = try parseAsRoot(config?.arguments)
      try command.run()
    } catch let error as TriscaleError {
      fail(with: config?.keyMessage(for: error.description) ?? error.description, code: 1)
    } catch {
      if let message = ForeignError.message(for: error) { fail(with: message, code: 1) }
      let code = exitCode(for: error)
      if code == .success { exit(withError: error) }
      let message = message(for: error)
      fail(with: config?.keyMessage(for: message) ?? message, code: code.rawValue)
    }
  }

  private static func fail(with message: String, code: Int32) -> Never {
    let line = message.split(whereSeparator: \.isNewline).map {
      $0.trimmingCharacters(in: .whitespaces)
    }
    .filter { !$0.isEmpty }.joined(separator: " ")
    FileHandle.standardError.write(Data("error: \(line)\n".utf8))
    Foundation.exit(code == 0 ? 1 : code)
  }
}
