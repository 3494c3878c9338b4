import ArgumentParser
import TriscaleDeploy

/// `triscale devices`: the device profiles (built-in and from YAML files),
/// each figure with its source.
struct DevicesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "devices",
    abstract: "List the device profiles with their key figures and sources (docs/devices.md).")

  @Option(name: .customLong("profile"), help: "A YAML device profile to list too (repeatable).")
  var profiles: [String] = []

  func run() throws {
    let extra = try profiles.map { try DeviceProfiles.load(path: $0) }
    print((extra + DeviceProfiles.builtIn).map(\.summary).joined(separator: "\n\n"))
  }
}
