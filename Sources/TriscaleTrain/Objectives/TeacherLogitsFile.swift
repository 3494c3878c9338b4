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
    logits.values.map(\.bitPattern.littleEndian).withUnsafeBytes { bytes += $0 }
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
    let header = magic.count + 5 * 4
    return try data.withUnsafeBytes { raw in
      func word(at offset: Int) -> Int {
        Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
      }
      guard raw.count >= header + 4, raw.prefix(magic.count).elementsEqual(magic) else {
        throw fail("it is not a teacher-logits file (no TSTL header)")
      }
      let body = UnsafeRawBufferPointer(rebasing: raw[0..<(raw.count - 4)])
      guard CRC32.checksum(body) == UInt32(word(at: raw.count - 4)) else {
        throw fail("its checksum does not match (a damaged or partly written file)")
      }
      let fields = (0..<5).map { word(at: magic.count + 4 * $0) }
      guard fields[0] == Int(version) else {
        throw fail("format version \(fields[0]) is not \(version), the one this build reads")
      }
      let (views, images, classes, keyLength) = (fields[1], fields[2], fields[3], fields[4])
      guard keyLength <= keyLimit else { throw fail("its key of \(keyLength) bytes is too long") }
      // The payload's size bounds the count before any product of the header's figures.
      let payload = raw.count - header - keyLength - 4
      let (count, overflow) = views.multipliedReportingOverflow(by: images)
      let (valueCount, overflow2) = count.multipliedReportingOverflow(by: classes)
      guard payload > 0, payload % 4 == 0, !overflow, !overflow2, valueCount == payload / 4 else {
        throw fail(
          "\(raw.count) bytes do not hold \(views) views × \(images) images × \(classes) classes")
      }
      let key = String(decoding: raw[header..<(header + keyLength)], as: UTF8.self)
      let start = header + keyLength
      let values = (0..<valueCount).map {
        Float(bitPattern: UInt32(word(at: start + 4 * $0)))
      }
      guard values.allSatisfy(\.isFinite) else {
        throw fail("it holds a logit that is not finite")
      }
      return try TeacherLogits(
        key: key, views: views, imageCount: images, classCount: classes, values: values)
    }
  }
}
