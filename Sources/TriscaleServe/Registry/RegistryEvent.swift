import GRDB

/// One change in a registry's history: a version registered, or an alias
/// promoted or rolled back, with when, by whom and why.
public struct RegistryEvent: Codable, Equatable, Sendable {
  /// What happened.
  public enum Kind: String, Codable, Sendable {
    /// A new version of a model.
    case register
    /// An alias moved to a version.
    case promote
    /// An alias moved back to the version before its latest promotion.
    case rollback
  }

  /// Position in the history (grows by one per change).
  public var sequence: Int
  /// When, ISO 8601 UTC with milliseconds.
  public var time: String
  /// Who (a user name, or the server's token holder).
  public var actor: String
  /// What happened.
  public var kind: Kind
  /// The model.
  public var model: String
  /// The alias moved (nil for a registration).
  public var alias: String?
  /// The version the alias named before (nil: none, or a registration).
  public var from: Int?
  /// The version registered, or the one the alias names now.
  public var to: Int
  /// Why (the note of a registration).
  public var reason: String

  init(row: Row) {
    sequence = row["sequence"]
    time = row["time"]
    actor = row["actor"]
    kind = Kind(rawValue: row["kind"]) ?? .register
    model = row["model"]
    alias = row["alias"]
    from = row["from_version"]
    to = row["to_version"]
    reason = row["reason"]
  }

  @discardableResult
  static func insert(
    _ db: Database, kind: Kind, model: String, alias: String?, from: Int?, to: Int, actor: String,
    reason: String, time: String
  ) throws -> RegistryEvent {
    try db.execute(
      sql: """
        INSERT INTO event (time, actor, kind, model, alias, from_version, to_version, reason)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """,
      arguments: [time, actor, kind.rawValue, model, alias, from, to, reason])
    guard
      let row = try Row.fetchOne(
        db, sql: "SELECT * FROM event WHERE sequence = ?", arguments: [db.lastInsertedRowID])
    else {
      throw DatabaseError(message: "the event just written is missing")
    }
    return RegistryEvent(row: row)
  }
}
