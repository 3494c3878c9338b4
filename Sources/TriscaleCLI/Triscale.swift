import ArgumentParser
import TriscaleCore

/// The `triscale` command-line tool.
@main
struct Triscale: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "triscale",
    abstract: "Train one image classifier and deploy it to cloud, edge and microcontroller tiers.",
    subcommands: [ModelsCommand.self])
}
