import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The rule for every file a command reads whole (model files, config and
/// pipeline files, dataset files): it is a regular file, no larger than a
/// stated limit, and reading it never blocks.
///
/// Anything else is refused with one line that says what the path names:
/// a directory, a character device such as `/dev/zero`, a pipe or FIFO
/// (including `<(cat model.tsm)`, which reaches a command as `/dev/fd/N`), a
/// socket. Triscale does not read streams: a pipe has no size to check
/// before reading, and opening a FIFO waits for a writer that may never come.
/// The path is examined with `stat` before it is opened; it is then opened
/// with `O_NONBLOCK` and examined again, so a file swapped for a FIFO in
/// between is refused too instead of blocking.
public enum InputFile {
  /// The largest model file read (2 GiB): far above any model Triscale
  /// trains (the zoo's largest is a few megabytes).
  public static let modelLimit = 1 << 31
  /// The largest dataset file read (16 GiB): the CIFAR-10 and MNIST files
  /// are 30 to 50 MB; an IDX file of a larger set fits.
  public static let datasetLimit = 1 << 34

  /// The contents of the regular file at `path`, mapped into memory (not
  /// copied).
  ///
  /// - Parameters:
  ///   - what: the kind of file, for messages ("model file", "config file").
  ///   - limit: the largest size accepted, in bytes.
  ///   - fix: what to do when nothing is at `path` (e.g. which command writes one).
  /// - Throws: ``TriscaleError/invalidFile(path:problem:fix:)`` when `path`
  ///   names nothing, cannot be opened, is not a regular file, or is larger
  ///   than `limit`.
  public static func read(path: String, what: String, limit: Int, fix: String) throws -> Data {
    try requireRegular(path: path, what: what, fix: fix)
    let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
    guard descriptor >= 0 else { throw openProblem(errno, path: path, what: what, fix: fix) }
    defer { close(descriptor) }
    var information = stat()
    guard fstat(descriptor, &information) == 0 else {
      throw unreadable(errno, path: path, what: what)
    }
    let status = FileStatus(information)
    guard status.isRegularFile else { throw notRegular(status, path: path, what: what) }
    let size = Int(information.st_size)
    guard size <= limit else {
      throw TriscaleError.invalidFile(
        path: path,
        problem: "it is \(size) bytes, larger than \(limit) bytes, the limit for a \(what)",
        fix: "Check that this is the right file; a \(what) is far smaller")
    }
    guard size > 0 else { return Data() }
    guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0),
      address != MAP_FAILED
    else { throw unreadable(errno, path: path, what: what) }
    return Data(
      bytesNoCopy: address, count: size,
      deallocator: .custom { pointer, count in munmap(pointer, count) })
  }

  /// Throws unless `path` names a regular file (following symlinks); opens
  /// nothing, so it never blocks. `what` and `fix` are as in
  /// ``read(path:what:limit:fix:)``.
  public static func requireRegular(path: String, what: String, fix: String) throws {
    var information = stat()
    guard stat(path, &information) == 0 else {
      throw openProblem(errno, path: path, what: what, fix: fix)
    }
    let status = FileStatus(information)
    guard status.isRegularFile else { throw notRegular(status, path: path, what: what) }
  }

  /// Why `path` could not be examined or opened: nothing there, no
  /// permission, or another system error.
  private static func openProblem(_ code: Int32, path: String, what: String, fix: String)
    -> TriscaleError
  {
    switch code {
    case ENOENT, ENOTDIR:
      return .invalidFile(path: path, problem: "no such file", fix: fix)
    case EACCES, EPERM:
      return .invalidFile(
        path: path, problem: "permission denied: this user may not read the \(what)",
        fix: "Check the file's permissions (`ls -l`), or copy it somewhere readable")
    default:
      return unreadable(code, path: path, what: what)
    }
  }

  private static func unreadable(_ code: Int32, path: String, what: String) -> TriscaleError {
    .invalidFile(
      path: path, problem: "the \(what) cannot be read (\(String(cString: strerror(code))))",
      fix: "Check the disk and the path")
  }

  private static func notRegular(_ status: FileStatus, path: String, what: String)
    -> TriscaleError
  {
    .invalidFile(
      path: path,
      problem:
        "it is \(status.typeDescription), not a regular file; Triscale reads a \(what) only from a regular file",
      fix: status.type == UInt32(S_IFIFO)
        ? "Save the stream to a file first (`cat … > FILE`) and pass that file"
        : "Pass the path of the \(what) itself")
  }
}
