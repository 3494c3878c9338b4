import Foundation
import Testing
import TriscaleCore
import TriscaleGraph

/// `triscale evaluate` on damaged model files: one line naming the file and
/// the problem, a non-zero exit, no crash. The intact file evaluates, so the
/// failure is down to the damage.
@Suite("Model file errors")
struct ModelFileErrorTests {
  /// Writes a freshly initialized dscnn-micro model file and returns its bytes.
  private func writeModel(to path: String) throws -> Data {
    let graph = try ModelZoo.graph(named: "dscnn-micro")
    try ModelFile(graph: graph, parameters: ParameterStore(initializing: graph, seed: 3)).write(
      path: path)
    return try Data(contentsOf: URL(fileURLWithPath: path))
  }

  private func evaluate(_ path: String, in scratch: ScratchDirectory) async throws -> CommandOutput
  {
    try await TriscaleProcess.run(["evaluate", path, "--threads", "1"], in: scratch)
  }

  @Test func intactModelEvaluates() async throws {
    let scratch = try ScratchDirectory()
    defer { scratch.remove() }
    let path = scratch.file("model.tsm")
    _ = try writeModel(to: path)
    let output = try await evaluate(path, in: scratch)
    output.expectSuccess()
    #expect(
      output.standardOutput.contains("evaluate: dscnn-micro (fp32) on synthetic-test"),
      "\(output.standardOutput)")
  }

  @Test func flippedPayloadByteFailsTheChecksum() async throws {
    let scratch = try ScratchDirectory()
    defer { scratch.remove() }
    let path = scratch.file("model.tsm")
    var bytes = try writeModel(to: path)
    let headerLength = bytes[12..<20].reversed().reduce(0) { $0 << 8 | Int($1) }
    let payloadByte = 20 + headerLength + 100
    #expect(payloadByte < bytes.count - 4)
    bytes[payloadByte] ^= 0x10
    try bytes.write(to: URL(fileURLWithPath: path))
    let output = try await evaluate(path, in: scratch)
    output.expectOneLineError(mentioning: [path, "checksum mismatch"])
  }

  @Test(arguments: [UInt32(2), 77])
  func unknownFormatVersion(version: UInt32) async throws {
    let scratch = try ScratchDirectory()
    defer { scratch.remove() }
    let path = scratch.file("model.tsm")
    var bytes = [UInt8](try writeModel(to: path))
    bytes.replaceSubrange(
      8..<12, with: (0..<4).map { UInt8(truncatingIfNeeded: version >> ($0 * 8)) })
    // Re-seal the file so that the version, not the checksum, is the only problem.
    let checksum = CRC32.checksum(Array(bytes.dropLast(4)))
    bytes.replaceSubrange(
      (bytes.count - 4)..., with: (0..<4).map { UInt8(truncatingIfNeeded: checksum >> ($0 * 8)) })
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    let output = try await evaluate(path, in: scratch)
    output.expectOneLineError(mentioning: [path, "format version \(version)", "Upgrade triscale"])
  }
}
