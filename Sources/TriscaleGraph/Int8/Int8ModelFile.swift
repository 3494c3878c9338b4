import Foundation
import TriscaleCore

/// Reading and writing ``Int8Model``s: the 8-byte magic `TRISINT8`, a
/// `UInt32` format version, a `UInt64` JSON length, the model as JSON and a
/// CRC-32 of everything before it (little-endian throughout, written
/// atomically). `docs/model-format.md` describes it beside the float format.
public enum Int8ModelFile {
  /// The 8 bytes every int8 model file starts with: ASCII "TRISINT8".
  public static let magic: [UInt8] = Array("TRISINT8".utf8)
  /// The format version this build writes and reads.
  public static let formatVersion: UInt32 = 1

  /// Whether the file at `path` starts with the int8 magic (false when unreadable).
  public static func isInt8Model(path: String) -> Bool {
    guard let handle = FileHandle(forReadingAtPath: path) else { return false }
    defer { try? handle.close() }
    return (try? handle.read(upToCount: magic.count)).map { Array($0) == magic } ?? false
  }

  /// The complete file contents for `model`.
  public static func encoded(_ model: Int8Model) throws -> Data {
    let json = try JSONEncoder().encode(model)
    var data = Data(magic)
    withUnsafeBytes(of: formatVersion.littleEndian) { data.append(contentsOf: $0) }
    withUnsafeBytes(of: UInt64(json.count).littleEndian) { data.append(contentsOf: $0) }
    data.append(json)
    let checksum = data.withUnsafeBytes { CRC32.checksum($0) }
    withUnsafeBytes(of: checksum.littleEndian) { data.append(contentsOf: $0) }
    return data
  }

  /// Writes `model` to `path` atomically after validating it.
  public static func write(_ model: Int8Model, to path: String) throws {
    try model.validate()
    try AtomicFile.write(encoded(model), to: path)
  }

  /// Reads, checks and validates the int8 model at `path`.
  public static func read(path: String) throws -> Int8Model {
    let data = try InputFile.read(
      path: path, what: "model file", limit: InputFile.modelLimit,
      fix: "Check the path, or create it with `triscale quantize`")
    return try decode(data, path: path)
  }

  /// Checks and validates the contents of an int8 model file; `path` names the file in errors.
  public static func decode(_ data: Data, path: String) throws -> Int8Model {
    func fail(_ problem: String) -> TriscaleError {
      .invalidFile(
        path: path, problem: problem,
        fix: "The file is not an intact Triscale int8 model; quantize the float model again")
    }
    try data.withUnsafeBytes { bytes in
      guard bytes.count >= 24, bytes.prefix(8).elementsEqual(magic) else {
        throw fail("it does not start with the int8 model magic 'TRISINT8'")
      }
      let version = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
      guard version == formatVersion else {
        throw fail("format version \(version); this build reads version \(formatVersion)")
      }
      let length = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 12, as: UInt64.self))
      guard length <= UInt64(bytes.count - 24), Int(length) == bytes.count - 24 else {
        throw fail("it is truncated or has trailing bytes (header says \(length) JSON bytes)")
      }
      let stored = UInt32(
        littleEndian: bytes.loadUnaligned(fromByteOffset: bytes.count - 4, as: UInt32.self))
      let body = UnsafeRawBufferPointer(rebasing: bytes[..<(bytes.count - 4)])
      guard CRC32.checksum(body) == stored else {
        throw fail("its checksum does not match (the file is damaged)")
      }
    }
    let model: Int8Model
    do {
      model = try JSONDecoder().decode(Int8Model.self, from: data.dropFirst(20).dropLast(4))
    } catch {
      throw fail("its JSON does not describe an int8 model (\(ModelFile.describe(error)))")
    }
    do {
      try model.validate()
    } catch TriscaleError.invalidModel(let problem, let fix) {
      throw TriscaleError.invalidFile(path: path, problem: problem, fix: fix)
    }
    return model
  }
}
