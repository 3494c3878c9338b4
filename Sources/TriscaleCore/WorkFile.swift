import Foundation

/// A file a command writes for itself while it works — a fine-tuning
/// checkpoint — and removes once it has succeeded.
///
/// It notes which file is at ``path`` when created; ``removeIfWritten()``
/// removes the file only when the command put it there (nothing was there
/// before, or another file: an atomic write replaces the inode), so a file
/// the command never touched — because it did not fine-tune — stays.
public struct WorkFile: Sendable {
  /// Where the command writes the file.
  public let path: String
  private let before: FileStatus?

  /// The work file at `path`, noting what is there now.
  public init(path: String) {
    self.path = path
    before = FileStatus(path: path)
  }

  /// Removes the file at ``path`` when this command wrote it since ``init(path:)``.
  public func removeIfWritten() {
    guard let now = FileStatus(path: path), now.isRegularFile else { return }
    if let before, now.isSameFile(as: before) { return }
    try? FileManager.default.removeItem(atPath: path)
  }
}
