import Foundation
import TriscaleCore

/// ``TeacherLogits`` on disk: the magic `TSTL`, a format version, the views,
/// images and classes (each a little-endian `UInt32`), the key's length and
/// UTF-8 bytes, the logits as little-endian `Float`s, and a CRC-32 of
/// everything before it. Written atomically; every count is checked against
/// the file's size before it is used.
public enum TeacherLogitsFile {
  /// The first four bytes.
  static let magic = Array("TSTL".utf8)
  /// The format version this build reads and writes.
  static let version: UInt32 = 1
  /// The largest key accepted.
  static let keyLimit = 4096

  /// Writes `logits` to `path` (temporary file, fsync, rename).
  public static func write(_ logits: TeacherLogits, to path: String) throws {
    var bytes = magic
    for field in [
      version, UInt32(logits.views), UInt32(logits.imageCount),
      UInt32(logits.classCount), UInt32(logits.key.utf8.count),
    ] {
      withUnsafeBytes(of: field.littleEndian) { bytes += $0 }
    }
    bytes += Array(logits.key.utf8)
    logits.values.withUnsafeBufferPointer { values in
      bytes.reserveCapacity(bytes.count + values.count * 4 + 4)
      for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 } }
    }
    withUnsafeBytes(of: CRC32.checksum(bytes).littleEndian) { bytes += $0 }
    try AtomicFile.write(Data(bytes), to: path)
  }

  /// The logits stored at `path`, or an error naming what is wrong with the file.
  public static func read(path: String) throws -> TeacherLogits {
    let fix = "Delete it; the teacher's logits are computed again"
    let data = try InputFile.read(
      path: path, what: "teacher logits", limit: InputFile.modelLimit, fix: fix)
    func fail(_ problem: String) -> TriscaleError {
      .invalidFile(path: path, problem: problem, fix: fix)
    }
    let bytes = [UInt8](data)
    let header = magic.count + 5 * 4
    guard bytes.count >= header + 4, Array(bytes[0..<magic.count]) == magic else {
      throw fail("it is not a teacher-logits file (no TSTL header)")
    }
    let stored = bytes.withUnsafeBytes {
      $0.loadUnaligned(fromByteOffset: bytes.count - 4, as: UInt32.self)
    }
    guard CRC32.checksum(Array(bytes[0..<(bytes.count - 4)])) == UInt32(littleEndian: stored) else {
      throw fail("its checksum does not match (a damaged or partly written file)")
    }
    let fields = (0..<5).map { field in
      Int(
        UInt32(
          littleEndian: bytes.withUnsafeBytes {
            $0.loadUnaligned(fromByteOffset: magic.count + 4 * field, as: UInt32.self)
          }))
    }
    guard fields[0] == Int(version) else {
      throw fail("format version \(fields[0]) is not \(version), the one this build reads")
    }
    let (views, images, classes, keyLength) = (fields[1], fields[2], fields[3], fields[4])
    guard keyLength <= keyLimit else { throw fail("its key of \(keyLength) bytes is too long") }
    let (count, overflow) = views.multipliedReportingOverflow(by: images)
    let (valueCount, overflow2) = count.multipliedReportingOverflow(by: classes)
    guard !overflow, !overflow2, valueCount > 0,
      bytes.count == header + keyLength + 4 * valueCount + 4
    else {
      throw fail(
        "\(bytes.count) bytes do not hold \(views) views × \(images) images × \(classes) classes")
    }
    let key = String(decoding: bytes[header..<(header + keyLength)], as: UTF8.self)
    let start = header + keyLength
    let values = bytes.withUnsafeBytes { raw in
      (0..<valueCount).map {
        Float(
          bitPattern: UInt32(
            littleEndian: raw.loadUnaligned(fromByteOffset: start + 4 * $0, as: UInt32.self)))
      }
    }
    guard values.allSatisfy(\.isFinite) else { throw fail("it holds a logit that is not finite") }
    return try TeacherLogits(
      key: key, views: views, imageCount: images, classCount: classes, values: values)
  }
}
