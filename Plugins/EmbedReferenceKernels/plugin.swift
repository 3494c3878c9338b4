import Foundation
import PackagePlugin

/// Embeds the kernels the generator ships — the pure C99 reference kernels
/// (`Sources/CTriscaleKernels/reference`) and the Cortex-M DSP kernels
/// (`Sources/CTriscaleKernels/cortexm`) — in the target it is applied to, as
/// one generated Swift file of string literals (`KernelSources`). The microcontroller code generator
/// copies them from there, so the kernels it ships are the ones the host
/// runtime is tested against, with no second copy kept by hand. A build-tool
/// plugin (rather than SwiftPM resources) keeps them inside the binary: an
/// installed `triscale` needs no resource bundle beside it, on Linux as on macOS.
@main
struct EmbedReferenceKernels: BuildToolPlugin {
  func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
    guard let kernels = context.package.targets.first(where: { $0.name == "CTriscaleKernels" })
    else { throw PluginError("the package has no CTriscaleKernels target") }
    let sources = try ["reference", "cortexm"].flatMap { folder in
      try FileManager.default.contentsOfDirectory(
        at: kernels.directoryURL.appending(path: folder), includingPropertiesForKeys: nil)
    }
    .filter { ["c", "h"].contains($0.pathExtension) }
    .sorted { $0.lastPathComponent < $1.lastPathComponent }
    let output = context.pluginWorkDirectoryURL.appending(path: "KernelSources.swift")
    return [
      .buildCommand(
        displayName: "Embedding the shipped C99 kernels in \(target.name)",
        executable: try context.tool(named: "KernelSourceEmbedder").url,
        arguments: [output.path] + sources.map(\.path), inputFiles: sources,
        outputFiles: [output])
    ]
  }
}

/// Why the plugin could not plan its command.
struct PluginError: Error, CustomStringConvertible {
  /// The message.
  let description: String

  init(_ description: String) { self.description = description }
}
