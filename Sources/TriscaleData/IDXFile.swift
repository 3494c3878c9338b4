import Foundation
import TriscaleCore

/// The parsed header of one IDX file and a view of its elements.
struct IDXFile {
  /// Where the file was read from, for error messages.
  let path: String
  /// The magic number: `0x0000TTDD`, element type `TT`, `DD` dimensions.
  let magic: UInt32
  /// The extent of each dimension, outermost first.
  let extents: [Int]
  /// The elements after the header.
  let body: Data

  private static let unsignedByteType: UInt32 = 0x08

  /// Parses the header of `data`, read from `path`.
  init(path: String, data: Data) throws {
    guard data.count >= 4 else {
      throw TriscaleError.invalidFile(
        path: path, problem: "only \(data.count) bytes, too short for an IDX header",
        fix: IDXReader.fileHint)
    }
    let magic = Self.bigEndian(data, at: 0)
    guard magic >> 16 != 0x1F8B else {
      throw TriscaleError.invalidFile(
        path: path, problem: "is gzip-compressed, not a raw IDX file",
        fix: "Decompress it with gunzip first")
    }
    guard magic >> 16 == 0 else {
      throw TriscaleError.invalidFile(
        path: path,
        problem:
          "wrong IDX magic number: found \(Self.hex(magic)), expected 0x000008DD (DD = dimensions)",
        fix: IDXReader.fileHint)
    }
    let dimensionCount = Int(magic & 0xFF)
    let headerSize = 4 + 4 * dimensionCount
    guard data.count >= headerSize else {
      throw TriscaleError.invalidFile(
        path: path,
        problem: "truncated header: \(dimensionCount) dimensions need \(headerSize) bytes, "
          + "the file has \(data.count)",
        fix: IDXReader.fileHint)
    }
    self.path = path
    self.magic = magic
    self.extents = (0..<dimensionCount).map { Int(Self.bigEndian(data, at: 4 + 4 * $0)) }
    self.body = data.dropFirst(headerSize)
  }

  /// `value` as eight hexadecimal digits, e.g. "0x00000803".
  static func hex(_ value: UInt32) -> String {
    "0x" + String(format: "%08X", value)
  }

  /// Throws unless the elements are unsigned bytes.
  func requireBytes() throws {
    let type = (magic >> 8) & 0xFF
    guard type == Self.unsignedByteType else {
      let names: [UInt32: String] = [
        0x09: "signed byte", 0x0B: "int16", 0x0C: "int32", 0x0D: "float32", 0x0E: "float64",
      ]
      throw TriscaleError.invalidFile(
        path: path,
        problem:
          "wrong IDX element type 0x\(String(format: "%02X", type)) (\(names[type] ?? "unknown")); "
          + "only unsigned byte (0x08) is supported",
        fix: "Convert the data to unsigned bytes 0...255")
    }
  }

  /// Throws unless the file holds exactly the elements its header promises.
  func requireBodySize() throws {
    var expected = 1
    for extent in extents {
      let (product, overflow) = expected.multipliedReportingOverflow(by: extent)
      guard !overflow else {
        throw TriscaleError.invalidFile(
          path: path, problem: "header extents \(extents) are too large", fix: IDXReader.fileHint)
      }
      expected = product
    }
    guard body.count == expected else {
      throw TriscaleError.invalidFile(
        path: path,
        problem:
          "size mismatch: header extents \(extents) need \(expected) data bytes but the file has "
          + "\(body.count)",
        fix: "The file is truncated or corrupt; download it again")
    }
  }

  private static func bigEndian(_ data: Data, at offset: Int) -> UInt32 {
    let start = data.startIndex + offset
    return data[start..<(start + 4)].reduce(0) { ($0 << 8) | UInt32($1) }
  }
}
