import Foundation
import Logging

/// What the server serves: the registry's models, each version loaded once
/// and kept while an alias names it, with aliases re-read whenever the
/// registry's history grows.
///
/// When an alias moves, the new version is loaded and warmed up first and
/// only then does the alias switch to it; requests already running keep the
/// version they started with, and that version's workers stop once the last
/// of them is done. So a promotion or rollback never fails a request.
public final class ModelServer: Sendable {
  /// The registry served.
  public let registry: ModelRegistry
  /// How it serves.
  public let settings: ServeSettings
  /// Its metrics.
  public let metrics: ServeMetrics
  private let logger: Logger
  private let state = LockedState()

  /// A server over `registry`; nothing is loaded until ``refresh()``.
  public init(
    registry: ModelRegistry, settings: ServeSettings, metrics: ServeMetrics = ServeMetrics(),
    logger: Logger = Logger(label: "triscale.serve")
  ) {
    (self.registry, self.settings, self.metrics, self.logger) = (
      registry, settings, metrics, logger
    )
  }

  /// Loads the version every alias of every model names (warming each up),
  /// switches the aliases to them, and unloads versions no alias names.
  /// Returns whether anything changed.
  @discardableResult
  public func refresh() throws -> Bool {
    let generation = try registry.generation()
    guard generation != state.generation else { return false }
    var aliases: [String: [String: Int]] = [:]
    for model in try registry.models() { aliases[model] = try registry.show(model).aliases }
    for (model, named) in aliases {
      for version in Set(named.values) where state.loaded(model, version) == nil {
        _ = try load(model, version)
      }
    }
    let retired = state.switchAliases(to: aliases, generation: generation)
    for model in retired {
      metrics.load(model: model.name, version: model.version, event: "unloaded")
      logger.info("unloaded \(model.name) version \(model.version) (no alias names it)")
    }
    return true
  }

  /// Polls the registry every `settings.pollMilliseconds` until cancelled.
  public func watch() async {
    while !Task.isCancelled {
      do { try refresh() } catch {
        logger.error("registry refresh failed: \(error)")
      }
      try? await Task.sleep(for: .milliseconds(settings.pollMilliseconds))
    }
  }

  /// The loaded version `selector` names: an alias the server knows, a
  /// version number, or (``VersionSelector/latest``) the default alias's
  /// version, else the newest; loaded on first use.
  public func model(_ name: String, _ selector: VersionSelector) throws -> ServedModel {
    guard RegistryName.isValid(name) else {
      throw ServeError.notFound("'\(name.prefix(80))' is not a model name")
    }
    let version: Int
    switch selector {
    case .alias(let alias):
      guard let named = state.alias(name, alias) else {
        throw ServeError.notFound("model '\(name)' has no alias '\(alias.prefix(80))'")
      }
      version = named
    case .version(let number): version = number
    case .latest:
      if let named = state.alias(name, settings.defaultAlias) {
        version = named
      } else {
        guard let newest = try? registry.resolve(name, .latest) else {
          throw ServeError.notFound("the registry has no model '\(name)'")
        }
        version = newest.number
      }
    }
    if let loaded = state.loaded(name, version) { return loaded }
    return try load(name, version)
  }

  /// Whether every alias's version is loaded (after the first refresh).
  public var isReady: Bool { state.generation > 0 }

  /// Publishes a drift test's figures as metrics, and logs an alert.
  func recordDrift(_ status: DriftMonitor.Status, alert: Bool, of model: ServedModel) {
    for statistic in status.statistics {
      metrics.drift(
        model: model.name, version: model.version, statistic: "ks_" + statistic.name,
        value: statistic.ks)
      if let psi = statistic.psi {
        metrics.drift(
          model: model.name, version: model.version, statistic: "psi_" + statistic.name,
          value: psi)
      }
    }
    metrics.drift(
      model: model.name, version: model.version, statistic: "estimated_accuracy",
      value: status.estimatedAccuracy)
    guard alert else { return }
    metrics.driftAlert(model: model.name, version: model.version)
    let worst = status.statistics.min { $0.pValue < $1.pValue }
    logger.warning(
      "drift: \(model.name) version \(model.version) after \(status.observed) images: \(worst?.name ?? "?") KS \(String(format: "%.3f", worst?.ks ?? 0)) (p \(String(format: "%.2g", worst?.pValue ?? 1))); estimated accuracy \(String(format: "%.1f", status.estimatedAccuracy * 100))% against \(String(format: "%.1f", status.referenceAccuracy * 100))% measured"
    )
  }

  private func load(_ name: String, _ version: Int) throws -> ServedModel {
    let resolved: ResolvedVersion
    do { resolved = try registry.resolve(name, .version(version)) } catch {
      throw ServeError.notFound("model '\(name)' has no version \(version)")
    }
    do {
      let started = Date()
      let model = try ServedModel(resolved: resolved, settings: settings)
      let kept = state.keep(model)
      metrics.load(model: name, version: version, event: "loaded")
      logger.info(
        "loaded \(name) version \(version) (\(model.card.architecture) \(model.card.precision)) in \(String(format: "%.2f", Date().timeIntervalSince(started))) s, warmed up"
      )
      return kept
    } catch {
      metrics.load(model: name, version: version, event: "failed")
      throw error
    }
  }
}

/// The server's mutable state behind one lock.
private final class LockedState: @unchecked Sendable {
  private let lock = NSLock()
  private var models: [String: [Int: ServedModel]] = [:]
  private var aliases: [String: [String: Int]] = [:]
  private var seen = 0

  var generation: Int { lock.withLock { seen } }

  func loaded(_ name: String, _ version: Int) -> ServedModel? {
    lock.withLock { models[name]?[version] }
  }

  func alias(_ name: String, _ alias: String) -> Int? { lock.withLock { aliases[name]?[alias] } }

  /// Keeps `model` unless the same version was loaded meanwhile; returns the one kept.
  func keep(_ model: ServedModel) -> ServedModel {
    lock.withLock {
      if let existing = models[model.name]?[model.version] { return existing }
      models[model.name, default: [:]][model.version] = model
      return model
    }
  }

  /// Switches to `aliases` and drops the versions none of them names; returns those.
  func switchAliases(to new: [String: [String: Int]], generation: Int) -> [ServedModel] {
    lock.withLock {
      aliases = new
      seen = generation
      var retired: [ServedModel] = []
      for (name, versions) in models {
        let named = Set(new[name]?.values.map { $0 } ?? [])
        for (version, model) in versions where !named.contains(version) {
          retired.append(model)
          models[name]?[version] = nil
        }
      }
      return retired
    }
  }
}
