import Foundation
import Testing

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// The registry across processes: two processes registering and promoting
/// at once lose nothing, and a server killed while it promotes leaves the
/// registry consistent (SQLite transactions, write-ahead log).
@Suite("Registry across processes", .serialized)
struct RegistryProcessTests {
  static let model = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("models/resnet8-cifar10/resnet8.int8.tsm").path

  static func lines(_ output: CommandOutput) -> [Substring] {
    output.standardOutput.split(separator: "\n")
  }

  @Test func twoProcessesRegisteringAndPromotingAtOnceLoseNothing() async throws {
    let scratch = try ScratchDirectory()
    defer { scratch.remove() }
    let registry = scratch.file("registry")
    try await withThrowingTaskGroup(of: Void.self) { group in
      for writer in ["a", "b"] {
        group.addTask {
          for _ in 0..<6 {
            let output = try await TriscaleProcess.run(
              [
                "registry", "add", Self.model, "--name", "shared", "--alias", "staging",
                "--registry", registry, "--actor", writer,
              ], in: scratch)
            output.expectSuccess()
          }
        }
      }
      try await group.waitForAll()
    }
    let show = try await TriscaleProcess.run(
      ["registry", "show", "shared", "--registry", registry], in: scratch)
    show.expectSuccess()
    #expect(
      Self.lines(show).map { $0.split(separator: " ").first ?? "" } == (1...12).map { "\($0)" })
    let history = try await TriscaleProcess.run(
      ["registry", "history", "--registry", registry], in: scratch)
    #expect(Self.lines(history).count == 24, "12 registrations and 12 promotions")
    #expect(Self.lines(history).filter { $0.contains(" a registered") }.count == 6)
    let check = try await TriscaleProcess.run(
      ["registry", "check", "--registry", registry], in: scratch)
    check.expectSuccess()
  }

  @Test func aServerKilledWhilePromotingLeavesTheRegistryConsistent() async throws {
    let scratch = try ScratchDirectory()
    defer { scratch.remove() }
    let registry = scratch.file("registry")
    for _ in 0..<2 {
      try await TriscaleProcess.run(
        ["registry", "add", Self.model, "--name", "m", "--registry", registry], in: scratch
      ).expectSuccess()
    }
    try await TriscaleProcess.run(
      ["registry", "promote", "m", "1", "--registry", registry], in: scratch
    )
    .expectSuccess()
    let port = 18_600 + Int.random(in: 0..<300)
    let token = "kill-test-token-0123456789"
    let server = try TriscaleProcess.start(
      ["serve", "--registry", registry, "--port", "\(port)", "--token", token], in: scratch)
    let session = URLSession(configuration: .ephemeral)
    func change(_ path: String, _ body: String) async -> Int? {
      var request = URLRequest(
        url: URL(string: "http://127.0.0.1:\(port)/v1/registry/m/aliases/production:\(path)")!)
      request.httpMethod = "POST"
      request.httpBody = Data(body.utf8)
      request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
      guard let (_, response) = try? await session.data(for: request) else { return nil }
      return (response as? HTTPURLResponse)?.statusCode
    }
    var up = false
    for _ in 0..<100 where !up {
      up = await change("promote", #"{"version": 1}"#) == 200
      if !up { try await Task.sleep(for: .milliseconds(100)) }
    }
    #expect(up, "the server came up")
    // Moves answered before the kill, then one more with the kill landing while it runs.
    let answered = Int.random(in: 20...60)
    for index in 0..<answered {
      let status = await change(index % 2 == 0 ? "promote" : "rollback", #"{"version": 2}"#)
      #expect(status == 200, "move \(index) answered \(status.map(String.init) ?? "nothing")")
    }
    async let inFlight = change("promote", #"{"version": 2}"#)
    try await Task.sleep(for: .microseconds(Int.random(in: 0..<3000)))
    server.kill()
    _ = await inFlight
    _ = try await server.finish()
    let check = try await TriscaleProcess.run(
      ["registry", "check", "--registry", registry], in: scratch)
    check.expectSuccess()
    let history = try await TriscaleProcess.run(
      ["registry", "history", "m", "--registry", registry], in: scratch)
    let moves = Self.lines(history).filter { $0.contains(" promote ") || $0.contains(" rollback ") }
    let last = try #require(moves.last?.split(separator: "→").last?.split(separator: " ").first)
    let show = try await TriscaleProcess.run(
      ["registry", "show", "m", "--registry", registry], in: scratch)
    let aliased = Self.lines(show).first { $0.contains("[production]") }?.split(separator: " ")
      .first
    #expect(aliased == last, "the alias is where the last recorded move put it")
  }
}
