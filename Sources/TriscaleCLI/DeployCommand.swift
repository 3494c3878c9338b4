import ArgumentParser

/// `triscale deploy`: turns a model into something a device runs.
struct DeployCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "deploy", abstract: "Deploy a model to a device tier.",
    subcommands: [DeployMCUCommand.self])
}
