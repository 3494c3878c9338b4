import Foundation
import TriscaleCore

/// `candidates.json`: every candidate a search has considered, rewritten
/// atomically after each one, and what the search was asked (so that a
/// restarted search reuses the candidates only of the same search).
struct SearchLog: Codable, Equatable {
  /// Always "triscale-search".
  var format = "triscale-search"
  /// The file's format version.
  var formatVersion = 1
  /// What determines the candidates' figures and scores (``ArchitectureSearch/Settings`` and the data).
  var search: String
  /// The candidates, in the order considered.
  var candidates: [SearchCandidate]

  /// The file name inside the search's folder.
  static let fileName = "candidates.json"

  /// The candidates of the log at `path` written by the search `search`;
  /// none when there is no file.
  ///
  /// - Throws: when the file is not a search log, or one of another search.
  static func candidates(at path: String, search: String) throws -> [SearchCandidate] {
    guard FileManager.default.fileExists(atPath: path) else { return [] }
    let log: SearchLog
    do {
      log = try JSONDecoder().decode(
        SearchLog.self,
        from: try InputFile.read(
          path: path, what: "search log", limit: 1 << 28,
          fix: "Remove it, or search into another --output folder"))
    } catch let error as TriscaleError {
      throw error
    } catch {
      throw TriscaleError.invalidFile(
        path: path, problem: "it is not a Triscale search log (\(error))",
        fix: "Remove it, or search into another --output folder")
    }
    guard log.format == "triscale-search", log.formatVersion == 1 else {
      throw TriscaleError.invalidFile(
        path: path, problem: "it is not a version-1 Triscale search log",
        fix: "Remove it, or search into another --output folder")
    }
    guard log.search == search else {
      throw TriscaleError.invalidFile(
        path: path,
        problem: "it holds the candidates of another search (\(log.search)), not of \(search)",
        fix: "Search into another --output folder, or remove the folder to start over")
    }
    return log.candidates
  }

  /// Writes the log to `path` atomically (temporary file, fsync, rename).
  func write(to path: String) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    try AtomicFile.write(try encoder.encode(self) + Data("\n".utf8), to: path)
  }
}
