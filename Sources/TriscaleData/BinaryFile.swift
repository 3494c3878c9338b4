import Foundation
import TriscaleCore

/// Reads whole dataset files into memory with errors that say what is missing
/// and how to get it.
enum BinaryFile {
  /// The bytes of the file at `path`.
  ///
  /// - Parameter fix: what the user should do when the file is missing or
  ///   unreadable (e.g. where to download it).
  static func read(_ path: String, fix: String) throws -> Data {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw TriscaleError.invalidFile(path: path, problem: "file not found", fix: fix)
    }
    guard !isDirectory.boolValue else {
      throw TriscaleError.invalidFile(path: path, problem: "is a directory, not a file", fix: fix)
    }
    do {
      // Mapping avoids copying (and page-faulting in) a second copy of
      // large files: the bytes come straight from the page cache.
      return try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
    } catch {
      throw TriscaleError.invalidFile(
        path: path, problem: "cannot be read (\(error.localizedDescription))",
        fix: "Check the file's permissions")
    }
  }

  /// Throws unless `path` names an existing directory.
  static func requireDirectory(_ path: String, fix: String) throws {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw TriscaleError.invalidFile(path: path, problem: "directory not found", fix: fix)
    }
    guard isDirectory.boolValue else {
      throw TriscaleError.invalidFile(path: path, problem: "is a file, not a directory", fix: fix)
    }
  }
}
