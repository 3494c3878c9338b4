import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Writes files so that readers only ever see the old or the complete new
/// content: data goes to a temporary file beside the target, is flushed with
/// `fsync`, and is renamed over the target. It replaces only regular files:
/// a directory, device node (such as `/dev/null`), FIFO or socket at the
/// target is refused, never replaced.
public enum AtomicFile {
  /// Replaces the file at `path` with `data`, atomically and durably.
  public static func write(_ data: Data, to path: String) throws {
    if let problem = OutputPath.nonRegularProblem(path) {
      throw TriscaleError.invalidFile(
        path: path, problem: problem,
        fix: "Write to the path of a regular file instead")
    }
    let url = URL(fileURLWithPath: path)
    let directory = url.deletingLastPathComponent().path
    do {
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    } catch {
      throw TriscaleError.invalidFile(
        path: path, problem: "cannot create its directory \(directory)",
        fix: "Check the path and permissions")
    }
    // Unique per call: two threads may write the same target at once.
    let temporary =
      directory + "/." + url.lastPathComponent
      + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard descriptor >= 0 else {
      throw TriscaleError.invalidFile(
        path: path, problem: "cannot create \(temporary) (errno \(errno))",
        fix: "Check that the directory exists and is writable")
    }
    var written = 0
    let failure: Int32? = data.withUnsafeBytes { raw -> Int32? in
      while written < raw.count {
        let result = Glibc.write(descriptor, raw.baseAddress! + written, raw.count - written)
        if result < 0 { return errno }
        written += result
      }
      return fsync(descriptor) == 0 ? nil : errno
    }
    close(descriptor)
    if let failure {
      unlink(temporary)
      throw TriscaleError.invalidFile(
        path: path, problem: "writing failed (errno \(failure))",
        fix: "Check free disk space and permissions")
    }
    guard rename(temporary, path) == 0 else {
      unlink(temporary)
      throw TriscaleError.invalidFile(
        path: path, problem: "cannot rename the temporary file into place (errno \(errno))",
        fix: "Check permissions on the directory")
    }
    let directoryDescriptor = open(directory, O_RDONLY)
    if directoryDescriptor >= 0 {
      fsync(directoryDescriptor)
      close(directoryDescriptor)
    }
  }
}
