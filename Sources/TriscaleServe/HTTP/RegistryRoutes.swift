import Foundation
import Hummingbird
import TriscaleCore

/// The server's mutating calls — move an alias, re-read the registry — each
/// refused with 401 unless it carries `Authorization: Bearer TOKEN` with the
/// server's token (and always refused when the server has none).
enum RegistryRoutes {
  static func add(to router: Router<BasicRequestContext>, server: ModelServer) {
    router.post("/v1/registry/{name}/aliases/{alias}:promote") { request, context in
      try await change(request, context, server) { name, alias, object, reason in
        guard let version = (object["version"] as? NSNumber)?.intValue else {
          throw ServeError.badRequest("the body needs {\"version\": NUMBER, \"reason\": TEXT}")
        }
        return try server.registry.promote(
          model: name, alias: alias, to: version, actor: "http", reason: reason)
      }
    }
    router.post("/v1/registry/{name}/aliases/{alias}:rollback") { request, context in
      try await change(request, context, server) { name, alias, _, reason in
        try server.registry.rollback(model: name, alias: alias, actor: "http", reason: reason)
      }
    }
    router.post("/v1/reload") { request, _ in
      try authorize(request, server)
      return ServeRoutes.json(["changed": try server.refresh()])
    }
  }

  /// Authorizes, reads the JSON body, makes the change, re-reads the registry.
  private static func change(
    _ request: Request, _ context: BasicRequestContext, _ server: ModelServer,
    _ body: (_ name: String, _ alias: String, _ object: [String: Any], _ reason: String) throws ->
      RegistryEvent
  ) async throws -> Response {
    try authorize(request, server)
    var request = request
    let name = try context.parameters.require("name")
    let alias = try context.parameters.require("alias")
    let data = try await ServeRoutes.body(of: &request, limit: 64 << 10)
    let object = (try? JSONSerialization.jsonObject(with: Data(data))) as? [String: Any] ?? [:]
    let event: RegistryEvent
    do { event = try body(name, alias, object, object["reason"] as? String ?? "") } catch let error
      as TriscaleError
    {
      throw ServeError.badRequest(error.description)
    }
    try server.refresh()
    return ServeRoutes.json([
      "model": event.model, "alias": event.alias ?? "", "from": event.from ?? 0, "to": event.to,
      "sequence": event.sequence,
    ])
  }

  static func authorize(_ request: Request, _ server: ModelServer) throws {
    guard let token = server.settings.token else {
      throw ServeError.unauthorized("this server was started without --token; it takes no changes")
    }
    let given = request.headers[.authorization] ?? ""
    guard constantTimeEqual(Array(given.utf8), Array("Bearer \(token)".utf8)) else {
      throw ServeError.unauthorized(
        "a change needs Authorization: Bearer TOKEN with the server's token")
    }
  }

  private static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
    guard lhs.count == rhs.count else { return false }
    return zip(lhs, rhs).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
  }
}
