import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The rule for every file a command writes: it is a regular file, or
/// nothing yet, and it is none of the files the command reads or writes
/// elsewhere — not by the same path, not through a symlink, not as a hard
/// link. Commands check it before they start any work, so a mistyped flag
/// never destroys an input or replaces a device node such as `/dev/null`.
public enum OutputPath {
  /// A file the command reads (or writes under another flag), with the flag
  /// or argument that names it, for messages.
  public struct Other: Sendable {
    /// The flag or argument, e.g. `--model` or `MODEL-FILE`.
    public let flag: String
    /// The path as the user gave it.
    public let path: String

    /// The file `path`, named by `flag`.
    public init(_ flag: String, _ path: String) {
      self.flag = flag
      self.path = path
    }
  }

  /// Throws ``TriscaleError/invalidArgument(name:problem:fix:)`` naming
  /// `flag` when `path` exists and is not a regular file, or names the same
  /// file as any of `others`.
  public static func check(_ path: String, flag: String, others: [Other]) throws {
    if let problem = nonRegularProblem(path) {
      throw TriscaleError.invalidArgument(
        name: flag, problem: "\(path) \(problem)",
        fix: "Give \(flag) the path of a regular file (created if it does not exist)")
    }
    for other in others {
      guard let how = sameFile(path, other.path) else { continue }
      throw TriscaleError.invalidArgument(
        name: flag,
        problem:
          "\(path) is the same file as \(other.flag) \(other.path)\(how); writing it would destroy that file",
        fix: "Give \(flag) a path that no other argument of this command names")
    }
  }

  /// Why `path` must not be replaced, as a phrase after the path ("is a
  /// character device; …") — it exists and is a directory, device node, FIFO
  /// or socket (seen through symlinks) — or nil when it may be.
  static func nonRegularProblem(_ path: String) -> String? {
    guard let status = FileStatus(path: path), !status.isRegularFile else { return nil }
    return
      "is \(status.typeDescription); Triscale writes only regular files and replaces nothing else"
  }

  /// How `first` and `second` name one file — "" (the same path), " (through
  /// a symlink)" or " (a hard link)" — or nil when they name different files.
  static func sameFile(_ first: String, _ second: String) -> String? {
    let resolvedFirst = resolved(first)
    let resolvedSecond = resolved(second)
    if resolvedFirst == resolvedSecond {
      return lexical(first) == lexical(second) ? "" : " (through a symlink)"
    }
    if let a = FileStatus(path: first), let b = FileStatus(path: second), a.isSameFile(as: b) {
      return " (a hard link)"
    }
    return nil
  }

  /// `path` with every symlink resolved; the part that does not exist yet is
  /// appended to its resolved parent as written.
  static func resolved(_ path: String) -> String {
    let path = absolute(path)
    if let real = realpath(path, nil) {
      defer { free(real) }
      return String(cString: real)
    }
    guard let (parentPath, name) = split(path) else { return path }
    let parent = resolved(parentPath)
    switch name {
    case "", ".": return parent
    case "..": return split(parent)?.parent ?? parent
    default: return parent == "/" ? "/" + name : parent + "/" + name
    }
  }

  /// An absolute path's parent and last component (trailing slashes
  /// ignored), or nil for the root.
  private static func split(_ path: String) -> (parent: String, name: String)? {
    var path = Substring(path)
    while path.count > 1, path.hasSuffix("/") { path = path.dropLast() }
    guard path != "/", let slash = path.lastIndex(of: "/") else { return nil }
    let parent = slash == path.startIndex ? "/" : String(path[..<slash])
    return (parent, String(path[path.index(after: slash)...]))
  }

  /// `path` made absolute against the current directory.
  private static func absolute(_ path: String) -> String {
    path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
  }

  /// `path` made absolute, with `.` and `..` removed without looking at the disk.
  private static func lexical(_ path: String) -> String {
    URL(fileURLWithPath: absolute(path)).standardized.path
  }
}
