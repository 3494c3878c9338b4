import Foundation
import TriscaleCore

extension DatasetConfiguration {
  /// A cheap, stable identity of the data this configuration reads, for a
  /// pipeline cache: a hash of the configuration's values and, for the
  /// file-based kinds, of every data file's path (relative to the
  /// directory), size and modification time. No file is read, so it costs
  /// a directory listing, not a pass over the pixels; editing, adding or
  /// removing a data file changes it.
  ///
  /// - Returns: 16 hexadecimal digits (FNV-1a, 64-bit), the same in every
  ///   process and on every machine for the same values and files.
  /// - Throws: what ``validate()`` throws, or
  ///   ``TriscaleError/invalidFile(path:problem:fix:)`` for a missing data
  ///   file or folder (the same problems ``load(_:)`` reports).
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
      let attributes: [FileAttributeKey: Any]
      do {
        attributes = try FileManager.default.attributesOfItem(atPath: path)
      } catch {
        throw TriscaleError.invalidFile(
          path: path, problem: "file not found", fix: "Check --data-dir")
      }
      let size = (attributes[.size] as? NSNumber)?.int64Value ?? -1
      let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
      lines.append("\(path.dropFirst(base.count)) \(size) \(Int64((modified * 1e9).rounded()))")
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
