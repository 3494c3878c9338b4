import Foundation
import GRDB
import TriscaleArtifact
import TriscaleCore

/// Named models with numbered versions, movable aliases and a full history,
/// in one SQLite file (through GRDB) beside a folder of content-addressed
/// model files.
///
/// A registry is the folder `root`: `registry.sqlite` (write-ahead log, so
/// readers never wait for a writer) and `objects/ID.tsm`, each artifact stored
/// once under its content hash whatever the number of versions naming it.
/// Every change is one immediate transaction, so two processes registering and
/// promoting at the same time serialize instead of losing a write, and a
/// process killed in the middle of one leaves the registry as it was before.
public final class ModelRegistry: Sendable {
  /// The registry's folder.
  public let root: String
  private let database: DatabasePool

  /// The registry in `root`, created (with its tables) when it does not exist.
  public init(root: String) throws {
    self.root = root
    do {
      try FileManager.default.createDirectory(
        atPath: root + "/objects", withIntermediateDirectories: true)
      var configuration = Configuration()
      configuration.busyMode = .timeout(30)
      database = try DatabasePool(path: root + "/registry.sqlite", configuration: configuration)
      try RegistrySchema.migrator.migrate(database)
    } catch let error as DatabaseError {
      throw Self.problem(error, doing: "open the registry in \(root)")
    }
  }

  /// Stores `artifact` (once, under its id) and registers it as the next
  /// version of `model`; returns that version.
  @discardableResult
  public func register(
    _ artifact: ModelArtifact, as model: String, actor: String, note: String = ""
  ) throws -> RegisteredVersion {
    try RegistryName.check(model, what: "model")
    let id = artifact.id
    let object = objectPath(id)
    if !FileManager.default.fileExists(atPath: object) { try artifact.write(to: object) }
    let card = String(decoding: try JSONEncoder.sorted.encode(artifact.card), as: UTF8.self)
    return try write("register \(model)") { db in
      try db.execute(
        sql: "INSERT OR IGNORE INTO artifact (id, card, added) VALUES (?, ?, ?)",
        arguments: [id, card, Self.now()])
      let number =
        (try Int.fetchOne(
          db, sql: "SELECT MAX(number) FROM version WHERE model = ?", arguments: [model]) ?? 0) + 1
      let time = Self.now()
      try db.execute(
        sql: "INSERT INTO version (model, number, artifact, note, added) VALUES (?, ?, ?, ?, ?)",
        arguments: [model, number, id, note, time])
      try RegistryEvent.insert(
        db, kind: .register, model: model, alias: nil, from: nil, to: number, actor: actor,
        reason: note, time: time)
      return RegisteredVersion(model: model, number: number, artifact: id, note: note, added: time)
    }
  }

  /// Points `alias` of `model` at `version` (creating the alias if needed).
  @discardableResult
  public func promote(
    model: String, alias: String, to version: Int, actor: String, reason: String
  ) throws -> RegistryEvent {
    try RegistryName.check(alias, what: "alias")
    return try write("promote \(model) \(alias)") { db in
      try Self.requireVersion(db, model: model, number: version)
      let current = try Self.aliasVersion(db, model: model, alias: alias)
      return try Self.move(
        db, model: model, alias: alias, from: current, to: version, kind: .promote, actor: actor,
        reason: reason)
    }
  }

  /// Moves `alias` of `model` back to the version it named before its latest
  /// promotion (promotions stack; each rollback pops one).
  @discardableResult
  public func rollback(model: String, alias: String, actor: String, reason: String) throws
    -> RegistryEvent
  {
    try write("roll back \(model) \(alias)") { db in
      guard let current = try Self.aliasVersion(db, model: model, alias: alias) else {
        throw TriscaleError.invalidArgument(
          name: "alias", problem: "\(model) has no alias '\(alias)'",
          fix:
            "Promote a version first: triscale registry promote \(model) VERSION --alias \(alias)")
      }
      let stack = try Self.promotionStack(db, model: model, alias: alias)
      guard stack.count >= 2 else {
        throw TriscaleError.invalidArgument(
          name: "alias",
          problem:
            "\(model)'s '\(alias)' has named only version \(current); there is nothing to roll back to",
          fix: "Promote the version you want instead")
      }
      return try Self.move(
        db, model: model, alias: alias, from: current, to: stack[stack.count - 2], kind: .rollback,
        actor: actor, reason: reason)
    }
  }

  /// Every model's name, sorted.
  public func models() throws -> [String] {
    try read {
      try String.fetchAll($0, sql: "SELECT DISTINCT model FROM version ORDER BY model")
    }
  }

  /// `model`'s versions (oldest first) and its aliases.
  public func show(_ model: String) throws -> RegisteredModel {
    try read { db in
      let versions = try Row.fetchAll(
        db, sql: "SELECT * FROM version WHERE model = ? ORDER BY number", arguments: [model]
      ).map(RegisteredVersion.init(row:))
      guard !versions.isEmpty else { throw Self.unknownModel(model) }
      let aliases = try Row.fetchAll(
        db, sql: "SELECT name, number FROM alias WHERE model = ? ORDER BY name", arguments: [model]
      ).map { ($0["name"] as String, $0["number"] as Int) }
      return RegisteredModel(
        name: model, versions: versions, aliases: Dictionary(uniqueKeysWithValues: aliases))
    }
  }

  /// Every change to `model` (every model when nil), oldest first.
  public func history(of model: String? = nil) throws -> [RegistryEvent] {
    try read { db in
      try Row.fetchAll(
        db,
        sql: model == nil
          ? "SELECT * FROM event ORDER BY sequence"
          : "SELECT * FROM event WHERE model = ? ORDER BY sequence",
        arguments: model.map { [$0] } ?? []
      ).map(RegistryEvent.init(row:))
    }
  }

  /// The number of the newest event: it grows with every change, so a server
  /// polls it to learn that an alias moved.
  public func generation() throws -> Int {
    try read { try Int.fetchOne($0, sql: "SELECT MAX(sequence) FROM event") ?? 0 }
  }

  /// The version `selector` names for `model`, with its stored file.
  public func resolve(_ model: String, _ selector: VersionSelector) throws -> ResolvedVersion {
    try read { db in
      let number: Int
      switch selector {
      case .version(let wanted): number = wanted
      case .alias(let alias):
        guard let named = try Self.aliasVersion(db, model: model, alias: alias) else {
          throw try Int.fetchOne(
            db, sql: "SELECT COUNT(*) FROM version WHERE model = ?", arguments: [model]) == 0
            ? Self.unknownModel(model)
            : TriscaleError.invalidArgument(
              name: "alias", problem: "\(model) has no alias '\(alias)'",
              fix: "Promote a version: triscale registry promote \(model) VERSION --alias \(alias)")
        }
        number = named
      case .latest:
        guard
          let newest = try Int.fetchOne(
            db, sql: "SELECT MAX(number) FROM version WHERE model = ?", arguments: [model])
        else { throw Self.unknownModel(model) }
        number = newest
      }
      guard
        let artifact = try String.fetchOne(
          db, sql: "SELECT artifact FROM version WHERE model = ? AND number = ?",
          arguments: [model, number])
      else {
        throw TriscaleError.invalidArgument(
          name: "version", problem: "\(model) has no version \(number)",
          fix: "List its versions: triscale registry show \(model)")
      }
      return ResolvedVersion(
        model: model, number: number, artifact: artifact, path: objectPath(artifact))
    }
  }

  /// Checks the database file and that every alias and version names what exists.
  public func check() throws -> [String] {
    try read { db in
      var problems = try String.fetchAll(db, sql: "PRAGMA integrity_check").filter { $0 != "ok" }
      problems += try String.fetchAll(
        db,
        sql: """
          SELECT 'alias ' || model || '/' || name || ' names missing version ' || number FROM alias
          WHERE NOT EXISTS (SELECT 1 FROM version v WHERE v.model = alias.model AND v.number = alias.number)
          """)
      problems += try String.fetchAll(
        db,
        sql: """
          SELECT 'version ' || model || '/' || number || ' names missing artifact ' || artifact FROM version
          WHERE NOT EXISTS (SELECT 1 FROM artifact a WHERE a.id = version.artifact)
          """)
      for id in try String.fetchAll(db, sql: "SELECT id FROM artifact")
      where !FileManager.default.fileExists(atPath: objectPath(id)) {
        problems.append("artifact \(id) has no file \(objectPath(id))")
      }
      return problems
    }
  }

  /// Where the artifact `id` is stored.
  public func objectPath(_ id: String) -> String { root + "/objects/" + id + ".tsm" }

  // MARK: - Transactions

  private func write<T>(_ what: String, _ body: (Database) throws -> T) throws -> T {
    do { return try database.write(body) } catch let error as DatabaseError {
      throw Self.problem(error, doing: what)
    }
  }

  private func read<T>(_ body: (Database) throws -> T) throws -> T {
    do { return try database.read(body) } catch let error as DatabaseError {
      throw Self.problem(error, doing: "read the registry in \(root)")
    }
  }

  private static func move(
    _ db: Database, model: String, alias: String, from: Int?, to: Int, kind: RegistryEvent.Kind,
    actor: String, reason: String
  ) throws -> RegistryEvent {
    try db.execute(
      sql: "INSERT OR REPLACE INTO alias (model, name, number) VALUES (?, ?, ?)",
      arguments: [model, alias, to])
    return try RegistryEvent.insert(
      db, kind: kind, model: model, alias: alias, from: from, to: to, actor: actor,
      reason: reason, time: now())
  }

  /// The versions `alias` was promoted to, replayed from its history: a
  /// promotion pushes, a rollback pops.
  private static func promotionStack(_ db: Database, model: String, alias: String) throws -> [Int] {
    let events = try Row.fetchAll(
      db,
      sql:
        "SELECT kind, to_version FROM event WHERE model = ? AND alias = ? ORDER BY sequence",
      arguments: [model, alias])
    var stack: [Int] = []
    for event in events {
      if event["kind"] as String == RegistryEvent.Kind.rollback.rawValue {
        stack.removeLast()
      } else {
        stack.append(event["to_version"])
      }
    }
    return stack
  }

  private static func aliasVersion(_ db: Database, model: String, alias: String) throws -> Int? {
    try Int.fetchOne(
      db, sql: "SELECT number FROM alias WHERE model = ? AND name = ?", arguments: [model, alias])
  }

  private static func requireVersion(_ db: Database, model: String, number: Int) throws {
    guard
      try Int.fetchOne(
        db, sql: "SELECT 1 FROM version WHERE model = ? AND number = ?", arguments: [model, number])
        == nil
    else { return }
    let newest = try Int.fetchOne(
      db, sql: "SELECT MAX(number) FROM version WHERE model = ?", arguments: [model])
    guard let newest else { throw unknownModel(model) }
    throw TriscaleError.invalidArgument(
      name: "version", problem: "\(model) has no version \(number) (its versions are 1–\(newest))",
      fix: "Name one of them; triscale registry show \(model) lists them")
  }

  private static func unknownModel(_ model: String) -> TriscaleError {
    .invalidArgument(
      name: "model", problem: "the registry has no model '\(model)'",
      fix: "Register it first: triscale registry add MODEL_FILE --name \(model)")
  }

  private static func problem(_ error: DatabaseError, doing what: String) -> TriscaleError {
    .invalidArgument(
      name: "registry", problem: "could not \(what): \(error.message ?? "\(error.resultCode)")",
      fix:
        "Check that the registry folder is writable and its registry.sqlite is a Triscale registry")
  }

  static func now() -> String { ISO8601DateFormatter.fractional.string(from: Date()) }
}

extension JSONEncoder {
  /// An encoder with sorted keys, so equal values encode to equal bytes.
  static var sorted: JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return encoder
  }
}

extension ISO8601DateFormatter {
  /// Dates with milliseconds, UTC.
  static var fractional: ISO8601DateFormatter {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return formatter
  }
}
