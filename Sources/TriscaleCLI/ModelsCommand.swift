import ArgumentParser
import TriscaleGraph

/// `triscale models`: the model zoo with parameters, MACs and float size.
struct ModelsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "models",
    abstract: "List the built-in architectures with parameters, MACs and fp32 size.")

  func run() throws {
    print("name           parameters      MACs   fp32 size  summary")
    for entry in ModelZoo.entries {
      let graph = try entry.build()
      let parameters = graph.trainableParameterCount
      let macs = Double(graph.multiplyAccumulates) / 1e6
      let bytes = Double(graph.fp32ByteCount)
      print(
        entry.name.padding(toLength: 14, withPad: " ", startingAt: 0)
          + String(
            format: " %10d %8.2f M %8.1f KB  %@", parameters, macs, bytes / 1024, entry.summary))
    }
  }
}
