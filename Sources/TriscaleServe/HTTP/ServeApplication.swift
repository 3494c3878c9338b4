import Hummingbird
import Logging
import ServiceLifecycle

/// `triscale serve` as a function: reads the registry (loading and warming
/// up every aliased version), then serves HTTP on `settings.host:port`
/// while polling the registry for moved aliases, until SIGTERM, SIGINT or
/// the task's cancellation, each of which shuts down gracefully (requests
/// in flight finish).
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
    let group = ServiceGroup(
      configuration: .init(
        services: [.init(service: app), .init(service: RegistryWatcher(server: server))],
        gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
    // Unstructured, so that a cancelled caller shuts the group down
    // gracefully instead of cancelling its connections mid-request.
    let running = Task { try await group.run() }
    try await withTaskCancellationHandler {
      try await running.value
    } onCancel: {
      Task { await group.triggerGracefulShutdown() }
    }
  }
}

/// The registry poll as a service that stops at graceful shutdown.
private struct RegistryWatcher: Service {
  let server: ModelServer

  func run() async throws {
    await cancelWhenGracefulShutdown { await server.watch() }
  }
}
