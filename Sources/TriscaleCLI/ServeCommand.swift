import ArgumentParser
import Foundation
import TriscaleServe

/// `triscale serve`: serves the registry's models over HTTP (TF-Serving and
/// Open Inference Protocol endpoints, Prometheus metrics), swapping versions
/// when an alias moves (docs/serving.md).
struct ServeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "serve",
    abstract: "Serve the registry's models over HTTP; versions swap when an alias moves.",
    discussion: """
      POST /v1/models/NAME:predict (also /versions/N:predict, /labels/ALIAS:predict) takes \
      {"instances": [IMAGE, ...]} with pixel values 0-255, or raw bytes with Content-Type \
      application/octet-stream; POST /v2/models/NAME/infer takes the Open Inference Protocol. \
      GET /metrics, /v2/health/live, /v2/health/ready. Changes (POST /v1/registry/NAME/aliases/\
      ALIAS:promote|:rollback, /v1/reload) need Authorization: Bearer TOKEN.
      """)

  @Option(help: "The registry folder.") var registry = "runs/registry"
  @Option(help: "Address to listen on.") var host = "127.0.0.1"
  @Option(help: "Port (0: any free port, printed).") var port = 8500
  @Option(help: "Worker threads per loaded version.") var threads = 1
  @Option(help: "Most images per model run (requests are batched up to it).") var maxBatch = 8
  @Option(help: "Microseconds a worker waits to fill a batch (0: take what is queued).")
  var batchWaitUs = 0
  @Option(help: "Largest request body, bytes.") var maxBodyBytes = 1 << 20
  @Option(help: "Most images per request.") var maxImages = 64
  @Option(help: "Bearer token for changes (default: $TRISCALE_TOKEN; none: changes refused).")
  var token: String?
  @Option(help: "Registry poll interval, milliseconds.") var pollMs = 200
  @Option(
    help:
      "Serve a cascade: NAME=FIRST,SECOND,THRESHOLD[,RULE] (max-softmax, margin, entropy); repeatable."
  )
  var cascade: [String] = []

  func validate() throws {
    guard (0...65535).contains(port) else { throw ValidationError("--port must be 0–65535") }
    guard (1...64).contains(threads) else { throw ValidationError("--threads must be 1–64") }
    guard (1...1024).contains(maxBatch) else { throw ValidationError("--max-batch must be 1–1024") }
    guard (0...1_000_000).contains(batchWaitUs) else {
      throw ValidationError("--batch-wait-us must be 0–1000000")
    }
    guard (1024...(1 << 30)).contains(maxBodyBytes) else {
      throw ValidationError("--max-body-bytes must be 1024–1073741824")
    }
    guard (1...4096).contains(maxImages) else {
      throw ValidationError("--max-images must be 1–4096")
    }
    guard (10...60_000).contains(pollMs) else {
      throw ValidationError("--poll-ms must be 10–60000")
    }
    _ = try settings()
    if let token, token.count < 16 {
      throw ValidationError("--token must be at least 16 characters")
    }
  }

  /// The library settings these flags describe (the cascades parsed).
  func settings() throws -> ServeSettings {
    var settings = ServeSettings()
    settings.host = host
    settings.port = port
    settings.threads = threads
    settings.maxBatch = maxBatch
    settings.batchWaitMicroseconds = batchWaitUs
    settings.maxBodyBytes = maxBodyBytes
    settings.maxImagesPerRequest = maxImages
    settings.token = token ?? ProcessInfo.processInfo.environment["TRISCALE_TOKEN"]
    settings.pollMilliseconds = pollMs
    settings.cascades = try cascade.map(CascadeSpec.init(parsing:))
    return settings
  }

  func run() throws {
    let server = ModelServer(registry: try ModelRegistry(root: registry), settings: try settings())
    let outcome = ServeOutcome()
    let done = DispatchSemaphore(value: 0)
    Task {
      do {
        try await ServeApplication.run(server) { port in
          FileHandle.standardOutput.write(
            Data("serve: listening on http://\(server.settings.host):\(port)\n".utf8))
        }
      } catch { outcome.error = error }
      done.signal()
    }
    done.wait()
    if let error = outcome.error { throw error }
  }
}

/// How the server ended.
private final class ServeOutcome: @unchecked Sendable {
  var error: (any Error)?
}
