import ArgumentParser
import Foundation
import TriscaleArtifact
import TriscaleServe

/// `triscale registry`: named models with versions, aliases that move, and
/// the history of every move (docs/serving.md).
struct RegistryCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "registry",
    abstract: "Register model versions, move aliases (promote, rollback) and read the history.",
    subcommands: [
      Add.self, List.self, Show.self, Promote.self, Rollback.self, History.self, Check.self,
    ])

  /// The registry folder and who is acting, shared by the subcommands.
  struct Location: ParsableArguments {
    @Option(help: "The registry folder (created when missing).")
    var registry = "runs/registry"
    @Option(help: "Who makes the change, for the history (default: $USER, else the login name).")
    var actor = ProcessInfo.processInfo.environment["USER"] ?? ProcessInfo.processInfo.userName

    func open() throws -> ModelRegistry { try ModelRegistry(root: registry) }
  }

  struct Add: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Store a model file (once, by content hash) as the next version of a model.")
    @OptionGroup var location: Location
    @Argument(help: "A Triscale model file (float or int8).") var modelFile: String
    @Option(help: "The model's name in the registry.") var name: String
    @Option(help: "A note kept with the version.") var note = ""
    @Option(help: "Also point this alias at the new version (e.g. staging).") var alias: String?

    func run() throws {
      let registry = try location.open()
      let artifact = try ModelArtifact.read(path: modelFile)
      let version = try registry.register(
        artifact, as: name, actor: location.actor, note: note)
      print("registered \(name) version \(version.number) (artifact \(version.artifact))")
      if let alias {
        try registry.promote(
          model: name, alias: alias, to: version.number, actor: location.actor,
          reason: "added with --alias")
        print("\(name)'s '\(alias)' now names version \(version.number)")
      }
    }
  }

  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List the models, their versions and aliases.")
    @OptionGroup var location: Location

    func run() throws {
      let registry = try location.open()
      for name in try registry.models() {
        let model = try registry.show(name)
        let aliases = model.aliases.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        print(
          "\(name)  versions 1–\(model.versions.count)  aliases \(aliases.isEmpty ? "none" : aliases.joined(separator: " "))"
        )
      }
    }
  }

  struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Show one model's versions and aliases.")
    @OptionGroup var location: Location
    @Argument(help: "The model's name.") var name: String

    func run() throws {
      let model = try location.open().show(name)
      for version in model.versions {
        let aliases = model.aliases.filter { $0.value == version.number }.keys.sorted()
        let named = aliases.isEmpty ? "" : "  [" + aliases.joined(separator: ", ") + "]"
        print("\(version.number)  \(version.artifact)  \(version.added)  \(version.note)\(named)")
      }
    }
  }

  struct Promote: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Point an alias at a version.")
    @OptionGroup var location: Location
    @Argument(help: "The model's name.") var name: String
    @Argument(help: "The version number.") var version: Int
    @Option(help: "The alias to move.") var alias = "production"
    @Option(help: "Why, for the history.") var reason = ""

    func run() throws {
      let event = try location.open().promote(
        model: name, alias: alias, to: version, actor: location.actor, reason: reason)
      print(RegistryCommand.describe(event))
    }
  }

  struct Rollback: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Move an alias back to the version it named before its latest promotion.")
    @OptionGroup var location: Location
    @Argument(help: "The model's name.") var name: String
    @Option(help: "The alias to move back.") var alias = "production"
    @Option(help: "Why, for the history.") var reason = ""

    func run() throws {
      let event = try location.open().rollback(
        model: name, alias: alias, actor: location.actor, reason: reason)
      print(RegistryCommand.describe(event))
    }
  }

  struct History: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print every change, oldest first.")
    @OptionGroup var location: Location
    @Argument(help: "Only this model's changes.") var name: String?

    func run() throws {
      for event in try location.open().history(of: name) { print(RegistryCommand.describe(event)) }
    }
  }

  struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Check the database and that every alias and version names what exists.")
    @OptionGroup var location: Location

    func run() throws {
      let problems = try location.open().check()
      guard problems.isEmpty else {
        for problem in problems { print(problem) }
        throw ExitCode(2)
      }
      print("registry \(location.registry): consistent")
    }
  }

  static func describe(_ event: RegistryEvent) -> String {
    let reason = event.reason.isEmpty ? "" : " — \(event.reason)"
    switch event.kind {
    case .register:
      return
        "#\(event.sequence) \(event.time) \(event.actor) registered \(event.model) version \(event.to)\(reason)"
    case .promote, .rollback:
      let from = event.from.map { "\($0)" } ?? "none"
      return
        "#\(event.sequence) \(event.time) \(event.actor) \(event.kind.rawValue) \(event.model) '\(event.alias ?? "")' \(from) → \(event.to)\(reason)"
    }
  }
}
