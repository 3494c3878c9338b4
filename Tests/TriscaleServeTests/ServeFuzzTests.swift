import Foundation
import Testing
import TriscaleCore

@testable import TriscaleServe

/// 10,000 random and mutated request bodies and paths against a live
/// server: every answer is a 2xx (a mutation that stayed valid) or a 4xx
/// with a JSON message, the server never fails or stops, and its memory
/// stays bounded.
@Suite("Serve fuzz", .serialized)
struct ServeFuzzTests {
  static let valid: [(String, String, Data)] = {
    let image = (0..<192).map { $0 % 256 }
    let nested = (0..<8).map { y in
      (0..<8).map { x in Array(image[((y * 8 + x) * 3)..<((y * 8 + x) * 3 + 3)]) }
    }
    let tf = try! JSONSerialization.data(withJSONObject: ["instances": [nested]])
    let v2 = try! JSONSerialization.data(withJSONObject: [
      "inputs": [["name": "x", "shape": [1, 8, 8, 3], "datatype": "UINT8", "data": image]]
    ])
    return [
      ("/v1/models/m:predict", "application/json", tf),
      ("/v2/models/m/infer", "application/json", v2),
      ("/v1/models/m:predict", "application/octet-stream", Data(image.map(UInt8.init))),
    ]
  }()

  static let hostileBodies: [Data] = [
    Data(String(repeating: "[", count: 100_000).utf8),
    Data(
      ("{\"instances\": " + String(repeating: "[", count: 5000)
        + String(repeating: "]", count: 5000) + "}").utf8),
    Data(#"{"instances": [[1e999]]}"#.utf8), Data(#"{"instances": [[-1]]}"#.utf8),
    Data(#"{"instances": [["1"]]}"#.utf8), Data(#"{"instances": [[null]]}"#.utf8),
    Data(#"{"inputs": [{"shape": [1000000000, 8, 8, 3], "datatype": "UINT8", "data": []}]}"#.utf8),
    Data(#"{"inputs": [{"shape": [-1, 8, 8, 3], "datatype": "UINT8", "data": []}]}"#.utf8),
    Data(#"{"inputs": [{"shape": [1, 8, 8, 3], "datatype": "BOOL", "data": [true]}]}"#.utf8),
    Data([0xFF, 0xFE, 0x00, 0x7B]), Data(), Data("null".utf8), Data("[]".utf8),
  ]

  static let paths = [
    "/v1/models/m:predict", "/v2/models/m/infer", "/v1/models/../../etc/passwd:predict",
    "/v1/models/%2e%2e%2f%2e%2e:predict", "/v1/models/m/versions/-1:predict",
    "/v1/models/m/versions/99999999999999999999:predict", "/v1/models/m/labels/..:predict",
    "/v2/models/%00/infer", "/v1/models/" + String(repeating: "a", count: 3000) + ":predict",
  ]

  static func residentBytes() -> Int {
    let fields = (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8))?.split(
      separator: " ")
    return (fields.flatMap { $0.count > 1 ? Int($0[1]) : nil } ?? 0) * 4096
  }

  static func mutate(_ body: Data, _ random: inout SeededRandom) -> Data {
    var bytes = Array(body)
    switch random.nextInt(below: 6) {
    case 0: bytes = Array(bytes.prefix(random.nextInt(below: max(1, bytes.count))))
    case 1:
      for _ in 0..<(1 + random.nextInt(below: 8)) where !bytes.isEmpty {
        bytes[random.nextInt(below: bytes.count)] = UInt8(random.nextInt(below: 256))
      }
    case 2:
      let junk = ["null", "true", "\"x\"", "1e400", "-0", "{}", "[", "]", ",", "\u{0}"][
        random.nextInt(below: 10)]
      bytes.insert(contentsOf: Array(junk.utf8), at: random.nextInt(below: bytes.count + 1))
    case 3: bytes += bytes.prefix(random.nextInt(below: 64))
    case 4: bytes = (0..<random.nextInt(below: 300)).map { _ in UInt8(random.nextInt(below: 256)) }
    default:
      if !bytes.isEmpty { bytes.removeSubrange(random.nextInt(below: bytes.count)..<bytes.count) }
    }
    return Data(bytes)
  }

  @Test func tenThousandBadBodiesGetOnly2xxOr4xxWithAMessage() async throws {
    let registry = try ServeFixtures.registry(versions: 1)
    let server = try await TestServer(registry: registry)
    defer { Task { await server.stop() } }
    var random = SeededRandom(seed: 13)
    var statuses: [Int: Int] = [:]
    var memoryAfterWarmUp = 0
    for round in 0..<10_000 {
      let (validPath, type, body) = Self.valid[random.nextInt(below: Self.valid.count)]
      let path =
        random.nextInt(below: 10) == 0
        ? Self.paths[random.nextInt(below: Self.paths.count)] : validPath
      let payload =
        random.nextInt(below: 20) == 0
        ? Self.hostileBodies[random.nextInt(below: Self.hostileBodies.count)]
        : Self.mutate(body, &random)
      let contentType = random.nextInt(below: 10) == 0 ? "text/plain" : type
      guard
        let reply = try? await server.send("POST", path, body: payload, contentType: contentType)
      else {
        Issue.record("round \(round): no answer to \(path) with \(payload.count) bytes")
        break
      }
      statuses[reply.status, default: 0] += 1
      if !(200..<300).contains(reply.status) {
        #expect((400..<500).contains(reply.status), "round \(round) \(path): \(reply.status)")
        #expect((reply.json["error"] as? String)?.isEmpty == false, "round \(round): no message")
      }
      if round == 1000 { memoryAfterWarmUp = Self.residentBytes() }
    }
    let growth = Self.residentBytes() - memoryAfterWarmUp
    #expect(growth < 64 << 20, "resident memory grew \(growth >> 20) MB over 9,000 requests")
    #expect(statuses.values.reduce(0, +) == 10_000)
    #expect(statuses.keys.allSatisfy { (200..<300).contains($0) || (400..<500).contains($0) })
    #expect(statuses.filter { (400..<500).contains($0.key) }.values.reduce(0, +) > 5000)
    let health = try await server.send("GET", "/v2/health/live")
    #expect(health.status == 200, "the server is still up")
    let unauthorized = try await server.send(
      "POST", "/v1/registry/m/aliases/production:promote", body: Data(#"{"version":1}"#.utf8))
    #expect(unauthorized.status == 401)
  }
}
