import Foundation
import TriscaleGraph

#if canImport(Glibc)
  import Glibc
#endif

/// Watches a checkpoint that a running `triscale train` keeps replacing and
/// decodes every version it sees, so a half-written checkpoint would show up
/// as a decoding error.
struct CheckpointWatcher {
  /// The checkpoint file.
  let path: String
  /// How many distinct versions of the file have been seen so far.
  private(set) var versionsSeen = 0
  private var lastIdentity: [Int]?

  init(path: String) {
    self.path = path
  }

  /// Looks at the file once: returns its decoded content when it is new since
  /// the last look, `nil` when it is missing or unchanged; throws when a new
  /// version does not decode.
  mutating func poll() throws -> ModelFile? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    // A replacement is a new inode; mtime and size also tell apart a reused inode number.
    let identity = [
      Int(info.st_ino), Int(info.st_size), Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec),
    ]
    guard identity != lastIdentity else { return nil }
    lastIdentity = identity
    versionsSeen += 1
    return try ModelFile.read(path: path)
  }
}
