import Foundation

/// A fresh, empty directory under the system temporary directory that holds
/// one test's files; remove it with ``remove()`` when done.
struct ScratchDirectory {
  /// The directory's absolute path.
  let path: String

  /// Creates a new, uniquely named directory.
  init() throws {
    path =
      FileManager.default.temporaryDirectory
      .appendingPathComponent("triscale-cli-tests-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  /// The absolute path of `name` inside the directory (which need not exist).
  func file(_ name: String) -> String {
    path + "/" + name
  }

  /// Creates the subdirectory `name` and returns its path.
  func subdirectory(_ name: String) throws -> String {
    let subdirectory = file(name)
    try FileManager.default.createDirectory(atPath: subdirectory, withIntermediateDirectories: true)
    return subdirectory
  }

  /// Writes `bytes` to `name` inside the directory and returns its path.
  @discardableResult
  func write(_ bytes: [UInt8], to name: String) throws -> String {
    let target = file(name)
    try Data(bytes).write(to: URL(fileURLWithPath: target))
    return target
  }

  /// Writes `text` (UTF-8) to `name` inside the directory and returns its path.
  @discardableResult
  func write(_ text: String, to name: String) throws -> String {
    try write(Array(text.utf8), to: name)
  }

  /// The names of the files and folders in the directory, sorted, without the
  /// `triscale-*` files ``TriscaleProcess`` keeps a child's output in.
  func visibleFiles() throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: path).filter { !$0.hasPrefix("triscale-") }
      .sorted()
  }

  /// Deletes the directory and everything in it.
  func remove() {
    try? FileManager.default.removeItem(atPath: path)
  }
}
