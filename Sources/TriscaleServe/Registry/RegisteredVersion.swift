import GRDB

/// One version of a registered model: its number and the artifact it names.
public struct RegisteredVersion: Codable, Equatable, Sendable {
  /// The model's name.
  public var model: String
  /// 1, 2, … in registration order.
  public var number: Int
  /// The artifact's content hash.
  public var artifact: String
  /// The note given at registration.
  public var note: String
  /// When it was registered.
  public var added: String

  init(model: String, number: Int, artifact: String, note: String, added: String) {
    (self.model, self.number, self.artifact, self.note, self.added) = (
      model, number, artifact, note, added
    )
  }

  init(row: Row) {
    self.init(
      model: row["model"], number: row["number"], artifact: row["artifact"], note: row["note"],
      added: row["added"])
  }
}

/// A model's versions and where its aliases point.
public struct RegisteredModel: Codable, Equatable, Sendable {
  /// The model's name.
  public var name: String
  /// Its versions, oldest first.
  public var versions: [RegisteredVersion]
  /// Alias → version number.
  public var aliases: [String: Int]
}

/// Which version of a model a request or a command means.
public enum VersionSelector: Equatable, Sendable, Hashable {
  /// A version number.
  case version(Int)
  /// Whatever version an alias names now.
  case alias(String)
  /// The newest version.
  case latest
}

/// A version found in the registry, with its stored model file.
public struct ResolvedVersion: Equatable, Sendable {
  /// The model's name.
  public var model: String
  /// The version number.
  public var number: Int
  /// The artifact's content hash.
  public var artifact: String
  /// The stored model file.
  public var path: String
}
