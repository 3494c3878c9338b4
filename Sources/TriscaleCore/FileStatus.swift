import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// What a path names on disk, as `stat` (which follows symlinks) reports it:
/// the file's identity (device and inode, shared by every hard link and
/// symlink to it) and its type.
struct FileStatus: Equatable, Sendable {
  /// The device the file lives on.
  let device: UInt64
  /// The file's inode number on that device.
  let inode: UInt64
  /// The `S_IFMT` bits of its mode: regular file, directory, device node, …
  let type: UInt32

  /// The status of the file `path` names, or nil when nothing is there
  /// (or it cannot be examined).
  init?(path: String) {
    var information = stat()
    guard stat(path, &information) == 0 else { return nil }
    self.init(information)
  }

  /// The status `stat` or `fstat` filled in.
  init(_ information: stat) {
    device = UInt64(information.st_dev)
    inode = UInt64(information.st_ino)
    type = UInt32(information.st_mode) & UInt32(S_IFMT)
  }

  /// Whether both statuses describe the same file (the same device and inode).
  func isSameFile(as other: FileStatus) -> Bool {
    device == other.device && inode == other.inode
  }

  /// Whether it is a regular file, the only kind Triscale writes.
  var isRegularFile: Bool { type == UInt32(S_IFREG) }

  /// The type in words, for messages: "a directory", "a character device", …
  var typeDescription: String {
    switch type {
    case UInt32(S_IFREG): return "a regular file"
    case UInt32(S_IFDIR): return "a directory"
    case UInt32(S_IFCHR): return "a character device"
    case UInt32(S_IFBLK): return "a block device"
    case UInt32(S_IFIFO): return "a pipe or FIFO"
    case UInt32(S_IFSOCK): return "a socket"
    default: return "not a regular file"
    }
  }
}
