import Foundation
import Testing
import TriscaleCore

/// Runs `.tflite` models through the real LiteRT (`scripts/litert_run.py` in
/// the `.venv-litert/` that `scripts/setup-litert.sh` creates).
enum LiteRT {
  /// Which LiteRT kernels run the model (see `scripts/litert_run.py`).
  enum Kernels: String {
    case builtin, xnnpack, reference
  }

  /// The repository root, found from this file's path.
  static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// The venv's Python, or a test failure saying how to create it.
  static func python() throws -> String {
    let path = repositoryRoot.appendingPathComponent(".venv-litert/bin/python").path
    guard FileManager.default.isExecutableFile(atPath: path) else {
      throw TriscaleError.invalidFile(
        path: path, problem: "the LiteRT virtual environment is missing",
        fix: "Run scripts/setup-litert.sh (scripts/test.sh does it) before these tests")
    }
    return path
  }

  /// A fresh directory for one test's files.
  static func temporaryDirectory(_ label: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("triscale-tflite-\(label)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// Runs `model` on `input` (the raw bytes of N images) and returns the raw output bytes.
  static func run(model: [UInt8], input: [UInt8], kernels: Kernels = .builtin, label: String)
    throws -> [UInt8]
  {
    let directory = try temporaryDirectory(label)
    defer { try? FileManager.default.removeItem(at: directory) }
    let modelURL = directory.appendingPathComponent("model.tflite")
    let inputURL = directory.appendingPathComponent("input.bin")
    let outputURL = directory.appendingPathComponent("output.bin")
    try Data(model).write(to: modelURL)
    try Data(input).write(to: inputURL)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try python())
    process.arguments = [
      repositoryRoot.appendingPathComponent("scripts/litert_run.py").path, modelURL.path,
      inputURL.path, outputURL.path, "--delegate", kernels.rawValue,
    ]
    let errors = Pipe()
    process.standardError = errors
    try process.run()
    let message = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw TriscaleError.backend(
        operation: "LiteRT (\(label), \(kernels.rawValue))",
        status: String(decoding: message, as: UTF8.self))
    }
    return [UInt8](try Data(contentsOf: outputURL))
  }

  /// Runs a float model on float images.
  static func run(model: [UInt8], floats: [Float], kernels: Kernels = .builtin, label: String)
    throws -> [Float]
  {
    let bytes = try run(
      model: model, input: floats.flatMap { bytesOf($0.bitPattern) }, kernels: kernels,
      label: label)
    return stride(from: 0, to: bytes.count, by: 4).map { offset in
      Float(
        bitPattern: (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << (8 * $1) })
    }
  }

  /// Runs an int8 model on int8 images.
  static func run(model: [UInt8], int8s: [Int8], kernels: Kernels = .builtin, label: String)
    throws -> [Int8]
  {
    try run(
      model: model, input: int8s.map { UInt8(bitPattern: $0) }, kernels: kernels, label: label
    ).map { Int8(bitPattern: $0) }
  }

  private static func bytesOf(_ value: UInt32) -> [UInt8] {
    (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
  }
}
