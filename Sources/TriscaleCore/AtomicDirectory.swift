import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Writes a folder of files so that it appears complete or not at all: the
/// files go to a temporary folder beside the target (each with
/// ``AtomicFile``), which is then renamed into place. An existing target is
/// replaced only when it holds `marker` (a file an earlier run wrote there);
/// any other existing path is refused, never touched.
public enum AtomicDirectory {
  /// Writes `files` (name → contents) as the folder `path`.
  public static func write(_ files: [String: Data], to path: String, marker: String) throws {
    let url = URL(fileURLWithPath: path).standardizedFileURL
    let manager = FileManager.default
    var isDirectory: ObjCBool = false
    let exists = manager.fileExists(atPath: url.path, isDirectory: &isDirectory)
    if exists {
      let ours =
        isDirectory.boolValue
        && manager.fileExists(atPath: url.appendingPathComponent(marker).path)
      let empty =
        isDirectory.boolValue
        && (try? manager.contentsOfDirectory(atPath: url.path))?
          .isEmpty == true
      guard ours || empty else {
        throw TriscaleError.invalidFile(
          path: path, problem: "it exists and is not a folder this command wrote (no \(marker))",
          fix: "Choose a new output folder, or remove it first")
      }
    }
    let parent = url.deletingLastPathComponent()
    let temporary = parent.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
    try? manager.removeItem(at: temporary)
    do {
      for (name, data) in files.sorted(by: { $0.key < $1.key }) {
        try AtomicFile.write(data, to: temporary.appendingPathComponent(name).path)
      }
      if exists {
        let old = parent.appendingPathComponent(".\(url.lastPathComponent).old-\(getpid())")
        try move(url, to: old, path: path)
        try move(temporary, to: url, path: path)
        try? manager.removeItem(at: old)
      } else {
        try move(temporary, to: url, path: path)
      }
    } catch {
      try? manager.removeItem(at: temporary)
      throw error
    }
  }

  private static func move(_ source: URL, to target: URL, path: String) throws {
    guard rename(source.path, target.path) == 0 else {
      throw TriscaleError.invalidFile(
        path: path, problem: "cannot rename \(source.path) into place (errno \(errno))",
        fix: "Check permissions on the folder above it")
    }
  }
}
