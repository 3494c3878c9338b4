import Foundation
import Testing
import TriscaleArtifact
import TriscaleCore
import TriscaleEngine

@testable import TriscaleServe

/// The HTTP API end to end on loopback: the three body formats give the
/// model's own probabilities, versions swap when an alias moves without a
/// failed request, and bad requests get 4xx JSON errors.
@Suite("Serve routes", .serialized)
struct ServeRoutesTests {
  static let pixels: [UInt8] = (0..<384).map { (index: Int) -> UInt8 in UInt8(index * 37 % 256) }

  /// The probabilities `artifact` gives `pixels` run directly.
  static func expected(_ artifact: ModelArtifact) throws -> [Float] {
    let model = try artifact.weights.inferenceModel(batchSize: 2)
    let normalization = artifact.card.normalization!
    let normalized = pixels.enumerated().map { index, byte in
      (Float(byte) / 255 - normalization.mean[index % 3]) / normalization.std[index % 3]
    }
    let logits = try normalized.withUnsafeBufferPointer { try model.logits(for: $0) }
    return ServedModel.softmax(logits, width: 4)
  }

  static func nested(_ image: ArraySlice<UInt8>) -> [[[Int]]] {
    let values = Array(image).map(Int.init)
    return (0..<8).map { y in
      (0..<8).map { x in Array(values[((y * 8 + x) * 3)..<((y * 8 + x) * 3 + 3)]) }
    }
  }

  @Test func jsonBinaryAndOpenInferenceBodiesGiveTheModelsProbabilities() async throws {
    let registry = try ServeFixtures.registry(versions: 2)
    try registry.promote(model: "m", alias: "production", to: 2, actor: "t", reason: "")
    let server = try await TestServer(registry: registry)
    defer { Task { await server.stop() } }
    let expected = try Self.expected(try ServeFixtures.model(seed: 2))
    let instances = [Self.nested(Self.pixels[0..<192]), Self.nested(Self.pixels[192..<384])]
    let json = try await server.send(
      "POST", "/v1/models/m:predict",
      body: try JSONSerialization.data(withJSONObject: ["instances": instances]))
    #expect(json.status == 200)
    #expect(json.headers["x-model-version"] == "2")
    let rows = try #require(json.json["predictions"] as? [[Double]])
    #expect(zip(rows.flatMap { $0 }, expected).allSatisfy { abs(Float($0) - $1) < 1e-5 })

    let binary = try await server.send(
      "POST", "/v1/models/m/labels/production:predict", body: Data(Self.pixels),
      contentType: "application/octet-stream")
    #expect(binary.json["predictions"] as? [[Double]] == rows)
    let v2 = try await server.send(
      "POST", "/v2/models/m/infer",
      body: try JSONSerialization.data(withJSONObject: [
        "inputs": [
          [
            "name": "images", "shape": [2, 8, 8, 3], "datatype": "UINT8",
            "data": Self.pixels.map(Int.init),
          ]
        ]
      ]))
    let output = try #require((v2.json["outputs"] as? [[String: Any]])?.first)
    #expect(output["data"] as? [Double] == rows.flatMap { $0 })
    let first = try await server.send(
      "POST", "/v1/models/m/versions/1:predict", body: Data(Self.pixels),
      contentType: "application/octet-stream")
    #expect(first.headers["x-model-version"] == "1")
    #expect(first.json["predictions"] as? [[Double]] != rows, "version 1 has other weights")
  }

  @Test func promotionsAndRollbacksSwapVersionsWithoutAFailedRequest() async throws {
    let registry = try ServeFixtures.registry(versions: 2)
    try registry.promote(model: "m", alias: "production", to: 1, actor: "t", reason: "")
    let server = try await TestServer(registry: registry)
    defer { Task { await server.stop() } }
    let body = Data(Self.pixels[0..<192])
    let seen = try await withThrowingTaskGroup(of: [String].self) { group in
      for _ in 0..<4 {
        group.addTask {
          var versions: [String] = []
          for _ in 0..<60 {
            let reply = try await server.send(
              "POST", "/v1/models/m:predict", body: body, contentType: "application/octet-stream")
            #expect(reply.status == 200, "\(String(decoding: reply.body, as: UTF8.self))")
            versions.append(reply.headers["x-model-version"] ?? "none")
          }
          return versions
        }
      }
      group.addTask {
        for _ in 0..<5 {
          let promote = try await server.send(
            "POST", "/v1/registry/m/aliases/production:promote",
            body: Data(#"{"version": 2, "reason": "test"}"#.utf8), token: "test-token-0123456789")
          #expect(promote.status == 200)
          try await Task.sleep(for: .milliseconds(30))
          let back = try await server.send(
            "POST", "/v1/registry/m/aliases/production:rollback",
            body: Data(#"{"reason": "test"}"#.utf8), token: "test-token-0123456789")
          #expect(back.status == 200)
          try await Task.sleep(for: .milliseconds(30))
        }
        return []
      }
      return try await group.reduce(into: Set<String>()) { $0.formUnion($1) }
    }
    #expect(seen.isSubset(of: ["1", "2"]))
    #expect(try registry.history(of: "m").filter { $0.kind == .rollback }.count == 5)
  }

  @Test func badRequestsGetA4xxJSONErrorAndChangesNeedTheToken() async throws {
    let registry = try ServeFixtures.registry(versions: 1)
    let server = try await TestServer(registry: registry)
    defer { Task { await server.stop() } }
    let cases: [(String, Data, String, Int)] = [
      ("/v1/models/m:predict", Data("{".utf8), "application/json", 400),
      ("/v1/models/m:predict", Data(#"{"instances": [[1, 2]]}"#.utf8), "application/json", 400),
      ("/v1/models/m:predict", Data(#"{"instances": [[true]]}"#.utf8), "application/json", 400),
      ("/v1/models/m:predict", Data(#"{"instances": 7}"#.utf8), "application/json", 400),
      ("/v1/models/m:predict", Data(repeating: 1, count: 191), "application/octet-stream", 400),
      ("/v1/models/m:predict", Data(repeating: 1, count: 2 << 20), "application/octet-stream", 413),
      ("/v1/models/nope:predict", Data(), "application/json", 404),
      ("/v1/models/..%2F..%2Fetc:predict", Data(), "application/json", 404),
      ("/v1/models/m/versions/9:predict", Data(), "application/json", 404),
      ("/v1/models/m/labels/gone:predict", Data(), "application/json", 404),
      (
        "/v2/models/m/infer",
        Data(#"{"inputs": [{"shape": [1, 8, 8, 3], "datatype": "UINT8", "data": [1]}]}"#.utf8),
        "application/json", 400
      ),
      ("/no/such/route", Data(), "application/json", 404),
    ]
    for (path, body, type, status) in cases {
      let reply = try await server.send("POST", path, body: body, contentType: type)
      #expect(
        reply.status == status,
        "\(path): \(String(decoding: reply.body.prefix(200), as: UTF8.self))")
      #expect((reply.json["error"] as? String)?.isEmpty == false, "\(path) answers with a message")
    }
    let change = Data(#"{"version": 1}"#.utf8)
    for token in [nil, "wrong-token-0123456789"] {
      let reply = try await server.send(
        "POST", "/v1/registry/m/aliases/production:promote", body: change, token: token)
      #expect(reply.status == 401)
    }
    #expect(try await server.send("POST", "/v1/reload", token: nil).status == 401)
    #expect(try registry.history().count == 1, "refused changes changed nothing")
    #expect(try await server.send("GET", "/v2/health/live").status == 200)
  }
}

/// A cascade served under its own name: the first model answers when sure,
/// the second when not, and the answer says which versions served it.
@Suite("Serve cascade", .serialized)
struct ServeCascadeTests {
  @Test(arguments: [(0.0, false), (1.0, true)])
  func theCascadeAnswersWithTheFirstOrEscalatesBelowItsThreshold(
    threshold: Double, escalates: Bool
  ) async throws {
    let registry = try ModelRegistry(root: try ServeFixtures.folder() + "/registry")
    try registry.register(try ServeFixtures.model(seed: 1), as: "small", actor: "t")
    try registry.register(try ServeFixtures.model(seed: 2), as: "large", actor: "t")
    var settings = ServeSettings()
    settings.port = 0
    settings.cascades = [try CascadeSpec(parsing: "phone=small,large,\(threshold)")]
    let server = try await TestServer(registry: registry, settings: settings)
    defer { Task { await server.stop() } }
    let pixels = Data(ServeRoutesTests.pixels)
    func predict(_ name: String) async throws -> TestServer.Reply {
      try await server.send(
        "POST", "/v1/models/\(name):predict", body: pixels, contentType: "application/octet-stream")
    }
    let cascade = try await predict("phone")
    let expected = try await predict(escalates ? "large" : "small")
    #expect(cascade.status == 200)
    #expect(
      cascade.json["predictions"] as? [[Double]] == expected.json["predictions"] as? [[Double]])
    #expect(cascade.headers["x-model-version"] == (escalates ? "small:1+large:1" : "small:1"))
    let metrics = String(decoding: try await server.send("GET", "/metrics").body, as: UTF8.self)
    #expect(metrics.contains(#"triscale_cascade_requests_total{model="phone"} 2"#))
    #expect(
      metrics.contains(#"triscale_cascade_escalations_total{model="phone"} \#(escalates ? 2 : 0)"#))
  }

  @Test func badCascadesAreRefusedWithTheFix() {
    for bad in ["phone", "phone=a,b", "phone=a,b,2", "phone=a,b,0.5,median", "../x=a,b,0.5"] {
      #expect(throws: TriscaleError.self) { try CascadeSpec(parsing: bad) }
    }
  }
}
