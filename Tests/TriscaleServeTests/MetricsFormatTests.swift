import Foundation
import Testing
import TriscaleArtifact

@testable import TriscaleServe

/// `/metrics` as a real Prometheus client reads it: prometheus-client's
/// text-format parser (the `.venv-prometheus` of scripts/setup-prometheus.sh).
@Suite("Metrics format", .serialized)
struct MetricsFormatTests {
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// prometheus-client's parse of `text`: family name → (type, samples).
  static func parse(_ text: String) throws -> [String: (type: String, samples: [[String: Any]])] {
    let python = root.appendingPathComponent(".venv-prometheus/bin/python").path
    guard FileManager.default.isExecutableFile(atPath: python) else {
      throw ServeError.unavailable(
        "\(python) is missing: run scripts/setup-prometheus.sh (scripts/test.sh does it)")
    }
    let file = try ServeFixtures.folder() + "/metrics.txt"
    try text.write(toFile: file, atomically: true, encoding: .utf8)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = [root.appendingPathComponent("scripts/prometheus_parse.py").path, file]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0,
      let families = try JSONSerialization.jsonObject(with: data) as? [[String: Any]]
    else { throw ServeError.badRequest("prometheus-client could not parse /metrics:\n\(text)") }
    var parsed: [String: (type: String, samples: [[String: Any]])] = [:]
    for family in families {
      parsed[family["name"] as! String] = (
        family["type"] as! String, family["samples"] as! [[String: Any]]
      )
    }
    return parsed
  }

  /// A reference whose every statistic is uniform on 0...1.
  static var uniformReference: DriftReference {
    let quantiles = (0..<DriftReference.quantileCount).map {
      Double($0) / Double(DriftReference.quantileCount - 1)
    }
    return DriftReference(
      distributions: DriftMonitor.statisticNames.map {
        .init(name: $0, quantiles: quantiles, count: 1000, source: "test")
      }, classMix: [0.25, 0.25, 0.25, 0.25], accuracy: 0.5,
      provenance: .estimated(profile: "test", method: "uniform"))
  }

  @Test func prometheusClientParsesEveryFamilyWithItsTypeAndCounts() async throws {
    let registry = try ModelRegistry(root: try ServeFixtures.folder() + "/registry")
    var artifact = try ServeFixtures.model(seed: 1)
    artifact.card.driftReference = Self.uniformReference
    try registry.register(artifact, as: "m", actor: "test")
    try registry.promote(model: "m", alias: "production", to: 1, actor: "test", reason: "")
    let server = try await TestServer(registry: registry)
    defer { Task { await server.stop() } }
    let image = Data((0..<192).map { UInt8($0) })
    for _ in 0..<250 {
      let reply = try await server.send(
        "POST", "/v1/models/m:predict", body: image, contentType: "application/octet-stream")
      #expect(reply.status == 200)
    }
    _ = try await server.send("POST", "/v1/models/m:predict", body: Data("{".utf8))
    let text = String(decoding: try await server.send("GET", "/metrics").body, as: UTF8.self)
    let families = try Self.parse(text)

    #expect(families["triscale_requests"]?.type == "counter")
    let requests = families["triscale_requests"]?.samples.filter {
      ($0["name"] as? String) == "triscale_requests_total"
    }
    let byOutcome = Dictionary(
      uniqueKeysWithValues: (requests ?? []).map {
        (($0["labels"] as? [String: String])?["outcome"] ?? "", $0["value"] as? Double ?? -1)
      })
    #expect(byOutcome == ["ok": 250, "400": 1])
    #expect(families["triscale_inference_duration_seconds"]?.type == "histogram")
    let count = families["triscale_inference_duration_seconds"]?.samples.first {
      ($0["name"] as? String) == "triscale_inference_duration_seconds_count"
    }
    #expect(count?["value"] as? Double == 250)
    #expect(families["triscale_prediction_confidence"]?.type == "histogram")
    let predicted = families["triscale_predictions"]?.samples.compactMap { $0["value"] as? Double }
    #expect(predicted?.reduce(0, +) == 250)
    #expect(families["triscale_model_loads"]?.type == "counter")
    #expect(families["triscale_drift_score"]?.type == "gauge")
    #expect(families["triscale_drift_alerts"]?.type == "counter", "a constant image drifts")
  }
}
