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
///
/// The same tool embeds the target's built-in device profiles — the `.yaml`
/// files of its `Devices/Profiles` folder, when it has one — as
/// `DeviceProfileSources`, for the same reason: a copied binary still has them.
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
    let tool = try context.tool(named: "KernelSourceEmbedder").url
    let output = context.pluginWorkDirectoryURL.appending(path: "KernelSources.swift")
    var commands: [Command] = [
      .buildCommand(
        displayName: "Embedding the shipped C99 kernels in \(target.name)",
        executable: tool, arguments: [output.path] + sources.map(\.path), inputFiles: sources,
        outputFiles: [output])
    ]
    let profiles = target.directoryURL.appending(path: "Devices/Profiles")
    if let files = try? FileManager.default.contentsOfDirectory(
      at: profiles, includingPropertiesForKeys: nil)
    {
      let yaml = files.filter { $0.pathExtension == "yaml" }.sorted {
        $0.lastPathComponent < $1.lastPathComponent
      }
      let profileOutput = context.pluginWorkDirectoryURL.appending(
        path: "DeviceProfileSources.swift")
      commands.append(
        .buildCommand(
          displayName: "Embedding the built-in device profiles in \(target.name)",
          executable: tool,
          arguments: [
            profileOutput.path, "--enum", "DeviceProfileSources", "--summary",
            "The built-in device profiles (Devices/Profiles/*.yaml), embedded at build time: file name → YAML text.",
          ] + yaml.map(\.path), inputFiles: yaml, outputFiles: [profileOutput]))
    }
    return commands
  }
}

/// Why the plugin could not plan its command.
struct PluginError: Error, CustomStringConvertible {
  /// The message.
  let description: String

  init(_ description: String) { self.description = description }
}
