import Foundation
import TriscaleCore

/// Reads whole dataset files into memory with errors that say what is missing
/// and how to get it.
enum BinaryFile {
  /// The bytes of the dataset file at `path`, mapped rather than copied
  /// (the bytes come straight from the page cache), read through
  /// ``InputFile``: a directory, device, pipe or FIFO is refused without
  /// blocking.
  ///
  /// - Parameter fix: what the user should do when the file is missing
  ///   (e.g. where to download it).
  static func read(_ path: String, fix: String) throws -> Data {
    try InputFile.read(path: path, what: "dataset file", limit: InputFile.datasetLimit, fix: fix)
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
