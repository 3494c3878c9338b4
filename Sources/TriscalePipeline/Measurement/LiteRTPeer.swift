import Foundation
import TriscaleCore
import TriscaleEngine

/// Runs LiteRT (Python, `ai-edge-litert` in `.venv-litert`, made by
/// `scripts/setup-litert.sh`) on an exported .tflite file, for benchmarks
/// that compare Triscale with it in the same run.
public struct LiteRTPeer {
  /// The interpreter with LiteRT installed.
  public let python: String
  /// The repository's scripts (`litert_run.py`) and bench peers (`litert_latency.py`).
  public let root: String

  /// The peer for `python` (nil: `ROOT/.venv-litert/bin/python`); fails, naming
  /// `--python`, when that is not an executable.
  public init(python: String?, root: String = FileManager.default.currentDirectoryPath) throws {
    let candidate = python ?? root + "/.venv-litert/bin/python"
    guard FileManager.default.isExecutableFile(atPath: candidate) else {
      throw TriscaleError.invalidArgument(
        name: "--python", problem: "no LiteRT interpreter at '\(candidate)'",
        fix: "Run scripts/setup-litert.sh from the repository root, or pass --python")
    }
    self.python = candidate
    self.root = root
  }

  /// A running latency peer (`bench/peers/litert_latency.py`) that keeps
  /// interpreters loaded, for many short timed rounds.
  public func latencySession() throws -> LiteRTLatencySession {
    try LiteRTLatencySession(python: python, script: root + "/bench/peers/litert_latency.py")
  }

  /// LiteRT's outputs for `images` (raw bytes of N inputs) with `resolver`.
  public func outputs(model: String, images: Data, resolver: String, directory: String) throws
    -> Data
  {
    let input = directory + "/litert-input.bin"
    let output = directory + "/litert-output.bin"
    try images.write(to: URL(fileURLWithPath: input))
    _ = try run([root + "/scripts/litert_run.py", model, input, output, "--delegate", resolver])
    return try Data(contentsOf: URL(fileURLWithPath: output))
  }

  private func run(_ arguments: [String]) throws -> Data {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = arguments
    let stdout = Pipe()
    let stderr = Pipe()
    process.standardOutput = stdout
    process.standardError = stderr
    try process.run()
    let data = stdout.fileHandleForReading.readDataToEndOfFile()
    let errors = stderr.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      let message = String(decoding: errors, as: UTF8.self).split(separator: "\n").last ?? ""
      throw TriscaleError.backend(
        operation: "LiteRT (\(arguments.first.map { ($0 as NSString).lastPathComponent } ?? ""))",
        status: "exit \(process.terminationStatus): \(message)")
    }
    return data
  }
}
