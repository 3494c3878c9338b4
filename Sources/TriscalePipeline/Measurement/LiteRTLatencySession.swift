import Foundation
import TriscaleCore
import TriscaleEngine

/// One running `bench/peers/litert_latency.py`: LiteRT interpreters loaded
/// once and timed on request, so a benchmark can alternate Triscale and
/// LiteRT in many short rounds within one process pair. Commands and replies
/// are lines (the script's documentation has the protocol); the peer exits
/// when the session is closed or deallocated.
public final class LiteRTLatencySession {
  private let process = Process()
  private let input = Pipe()
  private let output = Pipe()
  private let errors = Pipe()
  private var pending = Data()

  /// Starts `script` with `python`.
  init(python: String, script: String) throws {
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = [script]
    process.standardInput = input
    process.standardOutput = output
    process.standardError = errors
    try process.run()
  }

  deinit { close() }

  /// Loads `model` as interpreter `name` with `resolver` (builtin, xnnpack,
  /// reference) and runs it `warmup` times untimed.
  public func load(name: String, model: String, resolver: String, warmup: Int) throws {
    struct Loaded: Decodable { var ok: Bool }
    _ = try request("load \(name) \(model) \(resolver) \(warmup)", as: Loaded.self)
  }

  /// Times `runs` invocations of interpreter `name`.
  public func time(name: String, runs: Int) throws -> LatencyTimer.Summary {
    struct Timed: Decodable {
      var median: Double
      var p10: Double
      var p90: Double
      var runs: Int
      enum CodingKeys: String, CodingKey {
        case median = "median_ms"
        case p10 = "p10_ms"
        case p90 = "p90_ms"
        case runs
      }
    }
    let reply = try request("time \(name) \(runs)", as: Timed.self)
    return LatencyTimer.Summary(
      medianMilliseconds: reply.median, p10Milliseconds: reply.p10, p90Milliseconds: reply.p90,
      runs: reply.runs)
  }

  /// Ends the peer (closing its input) and waits for it.
  public func close() {
    guard process.isRunning else { return }
    try? input.fileHandleForWriting.close()
    process.waitUntilExit()
  }

  private func request<Reply: Decodable>(_ command: String, as type: Reply.Type) throws -> Reply {
    guard process.isRunning else { throw failure("the peer is not running") }
    do {
      try input.fileHandleForWriting.write(contentsOf: Data((command + "\n").utf8))
    } catch {
      throw failure("it stopped reading commands")
    }
    let line = try readLine()
    if let failed = try? JSONDecoder().decode(PeerError.self, from: line) {
      throw failure("'\(command)': \(failed.error)")
    }
    guard let reply = try? JSONDecoder().decode(Reply.self, from: line) else {
      throw failure(
        "its reply to '\(command)' is not the expected JSON; run scripts/setup-litert.sh again")
    }
    return reply
  }

  private func readLine() throws -> Data {
    while true {
      if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
        let line = pending[..<newline]
        pending = Data(pending[(newline + 1)...])
        return Data(line)
      }
      let chunk = output.fileHandleForReading.availableData
      if chunk.isEmpty {
        let message =
          String(
            decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self
          ).split(separator: "\n").last ?? "no message"
        throw failure("it exited: \(message)")
      }
      pending += chunk
    }
  }

  /// A reply that reports a bad command.
  private struct PeerError: Decodable { var error: String }

  private func failure(_ status: String) -> TriscaleError {
    .backend(operation: "LiteRT latency peer (bench/peers/litert_latency.py)", status: status)
  }
}
