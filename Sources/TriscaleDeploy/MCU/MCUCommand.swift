import Foundation
import TriscaleCore

/// One external tool run on a generated project (`make`, `arm-none-eabi-size`,
/// `qemu-system-arm`, the host binary), found on the `PATH`.
enum MCUCommand {
  /// Whether `tool` is an executable on the `PATH`.
  static func isAvailable(_ tool: String) -> Bool {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    return path.split(separator: ":").contains {
      FileManager.default.isExecutableFile(atPath: "\($0)/\(tool)")
    }
  }

  /// Runs `arguments` in `directory` and returns what it printed (standard
  /// output and error together); throws with its last line when it fails.
  static func run(_ arguments: [String], in directory: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    process.standardInput = FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      throw TriscaleError.backend(operation: arguments[0], status: "cannot start it: \(error)")
    }
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    guard process.terminationReason == .exit, process.terminationStatus == 0 else {
      let lines = text.split(separator: "\n")
      let last = lines.last { $0.contains("error") } ?? lines.last ?? ""
      throw TriscaleError.backend(
        operation: "\(arguments.joined(separator: " ")) in \(directory)",
        status: "exit \(process.terminationStatus): \(last)")
    }
    return text
  }
}
