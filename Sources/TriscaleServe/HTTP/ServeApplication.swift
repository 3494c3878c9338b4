import Hummingbird
import Logging

/// `triscale serve` as a function: reads the registry (loading and warming
/// up every aliased version), then serves HTTP on `settings.host:port`
/// while polling the registry for moved aliases, until cancelled.
public enum ServeApplication {
  /// Serves `server`; `onRunning` receives the bound port once it listens.
  public static func run(
    _ server: ModelServer, logger: Logger = Logger(label: "triscale.serve"),
    onRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
  ) async throws {
    try server.refresh()
    let app = Application(
      router: ServeRoutes.router(for: server),
      configuration: .init(
        address: .hostname(server.settings.host, port: server.settings.port),
        serverName: "triscale"),
      onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
      logger: logger)
    try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask { await server.watch() }
      group.addTask { try await app.runService() }
      try await group.next()
      group.cancelAll()
    }
  }
}
