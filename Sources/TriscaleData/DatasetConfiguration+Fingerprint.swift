import Foundation
import TriscaleCore

extension DatasetConfiguration {
  /// A stable identity of the data this configuration reads, for a pipeline
  /// cache: a hash of the configuration's values and, for the file-based
  /// kinds, of every data file's path (relative to the directory), size and
  /// contents. Touching the files or copying them again to the same place (a
  /// re-synced share, a restored backup) keeps it, so cached stages stay valid;
  /// editing, adding or removing a data file changes it. Each file is read
  /// once per process (a memo keyed by path, size and modification time), a
  /// pass of about a tenth of a second over CIFAR-10.
  ///
  /// - Returns: 16 hexadecimal digits (FNV-1a, 64-bit), the same in every
  ///   process and on every machine for the same values and files.
  /// - Throws: what ``validate()`` throws, or
  ///   ``TriscaleError/invalidFile(path:problem:fix:)`` for a missing or
  ///   unreadable data file or folder (the same problems ``load(_:)``
  ///   reports).
  public func fingerprint() throws -> String {
    try validate()
    var lines = [
      "dataset=\(kind)", "data-dir=\(directory ?? "")", "train-limit=\(trainLimit)",
    ]
    if kind == "folder" {
      lines += [
        "image-size=\(resolvedImageSize.map(String.init).joined(separator: "x"))",
        "channels=\(resolvedChannels)", "test-fraction=\(resolvedTestFraction)",
      ]
    }
    let base = kind == "synthetic" ? "" : try requiredDirectory()
    for path in try dataFiles() {
      let (size, contents) = try FileContentHash.of(path)
      lines.append("\(path.dropFirst(base.count)) \(size) \(String(format: "%016llx", contents))")
    }
    return String(format: "%016llx", StableHash.of(lines.joined(separator: "\n")))
  }

  /// The files ``load(_:)`` reads, both splits, sorted.
  private func dataFiles() throws -> [String] {
    switch kind {
    case "cifar10":
      let base = try requiredDirectory()
      return Split.allCases.flatMap(CIFAR10Reader.fileNames).map { "\(base)/\($0)" }.sorted()
    case "idx":
      return idxFiles(try requiredDirectory()).sorted()
    case "folder":
      return try ImageFolder(directory: try requiredDirectory(), testFraction: resolvedTestFraction)
        .allPaths
    default:
      return []
    }
  }
}

/// A 64-bit hash of a file's bytes, remembered for the process by path, size
/// and modification time so that a pipeline's many cache keys read each data
/// file once.
enum FileContentHash {
  private struct Identity: Hashable {
    let path: String
    let size: Int64
    let modified: Double
  }

  private static let lock = NSLock()
  nonisolated(unsafe) private static var memo: [Identity: UInt64] = [:]

  /// The size of the file at `path` and the hash of its contents.
  static func of(_ path: String) throws -> (size: Int64, hash: UInt64) {
    let attributes: [FileAttributeKey: Any]
    do {
      attributes = try FileManager.default.attributesOfItem(atPath: path)
    } catch {
      throw TriscaleError.invalidFile(
        path: path, problem: "file not found", fix: "Check --data-dir")
    }
    let size = (attributes[.size] as? NSNumber)?.int64Value ?? -1
    let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
    let identity = Identity(path: path, size: size, modified: modified)
    if let known = lock.withLock({ memo[identity] }) { return (size, known) }
    let hash = try hashContents(path)
    lock.withLock { memo[identity] = hash }
    return (size, hash)
  }

  /// FNV-1a over the file's bytes taken eight at a time (little-endian
  /// words, the tail zero-padded, the length mixed in last).
  private static func hashContents(_ path: String) throws -> UInt64 {
    let contents: Data
    do {
      contents = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
    } catch {
      throw TriscaleError.invalidFile(
        path: path, problem: "cannot be read (\(error.localizedDescription))",
        fix: "Check the file's permissions and the disk")
    }
    return contents.withUnsafeBytes { raw in
      var hash: UInt64 = 0xcbf2_9ce4_8422_2325
      let words = raw.count / 8
      for index in 0..<words {
        let word = UInt64(
          littleEndian: raw.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self))
        hash = (hash ^ word) &* 0x0000_0100_0000_01b3
      }
      var tail: UInt64 = 0
      for index in words * 8..<raw.count {
        tail |= UInt64(raw[index]) << (8 * UInt64(index - words * 8))
      }
      hash = (hash ^ tail) &* 0x0000_0100_0000_01b3
      return (hash ^ UInt64(raw.count)) &* 0x0000_0100_0000_01b3
    }
  }
}
