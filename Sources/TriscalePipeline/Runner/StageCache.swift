import Foundation
import TriscaleArtifact
import TriscaleCore

/// The pipeline's store of stage results, one folder per cache key.
///
/// A stage runs in `KEY.partial/` (its checkpoint lives there, so a killed
/// run resumes from it); when it finishes, its artifact (`model.tsm`), files
/// and `entry.json` are written there and the folder is renamed to `KEY/` in
/// one step. A folder named by its key is therefore always complete.
public struct StageCache {
  /// The cache's root folder.
  public let directory: String

  /// What a finished stage left: its record, its artifact's id and its files.
  public struct Entry: Codable, Equatable, Sendable {
    /// The cache key.
    public var key: String
    /// The id of the artifact it made (nil for exports).
    public var artifactID: String?
    /// Its files by name, relative to the entry's folder.
    public var files: [String]
    /// What the stage did.
    public var record: StageRecord
  }

  /// The file name of a stage's model artifact inside its folder.
  public static let artifactFile = "model.tsm"
  /// The file name of a stage's checkpoint inside its partial folder.
  public static let checkpointFile = "checkpoint.ckpt"
  static let entryFile = "entry.json"

  /// A cache rooted at `directory` (created when first written).
  public init(directory: String) { self.directory = directory }

  /// The folder of a finished stage.
  public func folder(_ key: String) -> String { directory + "/" + key }
  /// The folder a stage runs in.
  public func partialFolder(_ key: String) -> String { directory + "/" + key + ".partial" }

  /// The finished entry for `key`, if there is one.
  public func entry(_ key: String) throws -> Entry? {
    let path = folder(key) + "/" + StageCache.entryFile
    guard let data = FileManager.default.contents(atPath: path) else { return nil }
    do {
      return try JSONDecoder().decode(Entry.self, from: data)
    } catch {
      throw TriscaleError.invalidFile(
        path: path, problem: "the cache entry is damaged",
        fix: "Delete the folder \(folder(key)) (or run with --force for that stage)")
    }
  }

  /// The artifact a finished entry holds.
  public func artifact(_ key: String) throws -> ModelArtifact {
    try ModelArtifact.read(path: folder(key) + "/" + StageCache.artifactFile)
  }

  /// Creates (or keeps, to resume) the partial folder for `key`; returns it.
  public func prepare(_ key: String) throws -> String {
    let partial = partialFolder(key)
    try FileManager.default.createDirectory(atPath: partial, withIntermediateDirectories: true)
    return partial
  }

  /// Removes `key`'s finished and partial folders (for `--force`).
  public func remove(_ key: String) throws {
    for path in [folder(key), partialFolder(key)] where FileManager.default.fileExists(atPath: path)
    {
      try FileManager.default.removeItem(atPath: path)
    }
  }

  /// Stores a finished stage: writes its artifact and entry into the partial
  /// folder, drops the checkpoint, and renames the folder to its key.
  public func commit(_ output: StageOutput, key: String) throws -> Entry {
    let partial = partialFolder(key)
    if let artifact = output.artifact {
      try artifact.write(to: partial + "/" + StageCache.artifactFile)
    }
    let files = output.files.values.map { URL(fileURLWithPath: $0).lastPathComponent }.sorted()
    var record = output.record
    // The lines name files where they will be once the folder is renamed below.
    record.lines = record.lines.map { $0.replacingOccurrences(of: partial, with: folder(key)) }
    let entry = Entry(key: key, artifactID: output.artifact?.id, files: files, record: record)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    try AtomicFile.write(encoder.encode(entry), to: partial + "/" + StageCache.entryFile)
    let checkpoint = partial + "/" + StageCache.checkpointFile
    if FileManager.default.fileExists(atPath: checkpoint) {
      try FileManager.default.removeItem(atPath: checkpoint)
    }
    guard rename(partial, folder(key)) == 0 else {
      throw TriscaleError.invalidFile(
        path: folder(key), problem: "the finished stage could not be moved into the cache",
        fix: "Check that the cache folder is writable, or delete it")
    }
    return entry
  }
}
