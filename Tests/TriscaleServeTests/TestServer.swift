import Foundation
import Logging
import TriscaleServe

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// `ServeApplication.run` in this process on a free loopback port, with an
/// HTTP client for it; ``stop()`` cancels it.
final class TestServer: @unchecked Sendable {
  let server: ModelServer
  private(set) var port = 0
  private var task: Task<Void, any Error>?
  private let session: URLSession = {
    let configuration = URLSessionConfiguration.ephemeral
    configuration.timeoutIntervalForRequest = 30
    return URLSession(configuration: configuration)
  }()

  /// Starts serving `registry` and waits until it listens.
  init(
    registry: ModelRegistry, token: String? = "test-token-0123456789",
    settings base: ServeSettings = ServeSettings()
  ) async throws {
    var settings = base
    settings.port = 0
    settings.token = token
    settings.pollMilliseconds = 20
    settings.warmUpRuns = 1
    var logger = Logger(label: "triscale.serve.test")
    logger.logLevel = .warning
    server = ModelServer(registry: registry, settings: settings, logger: logger)
    let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
    let server = server
    task = Task {
      try await ServeApplication.run(server, logger: logger) { continuation.yield($0) }
    }
    for await bound in ports {
      port = bound
      break
    }
  }

  /// A request's status, headers and body.
  struct Reply {
    var status: Int
    var headers: [String: String]
    var body: Data
    var json: [String: Any] {
      (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
    }
  }

  func send(
    _ method: String, _ path: String, body: Data = Data(),
    contentType: String = "application/json", token: String? = nil
  ) async throws -> Reply {
    var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)" + path)!)
    request.httpMethod = method
    if method != "GET" { request.httpBody = body }
    request.setValue(contentType, forHTTPHeaderField: "Content-Type")
    if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
    let (data, response) = try await session.data(for: request)
    let http = response as! HTTPURLResponse
    var headers: [String: String] = [:]
    for (key, value) in http.allHeaderFields {
      headers[String(describing: key).lowercased()] = String(describing: value)
    }
    return Reply(status: http.statusCode, headers: headers, body: data)
  }

  func stop() async {
    task?.cancel()
    _ = await task?.result
  }
}
