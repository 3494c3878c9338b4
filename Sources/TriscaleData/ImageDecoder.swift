import CJPEG
import CPNG
import Foundation
import TriscaleCore

/// Decodes PNG (libpng) and JPEG (libjpeg-turbo) files to 8-bit gray or RGB.
///
/// The format is told by the file's first bytes, not its name. PNG palettes
/// are expanded, 16-bit samples scaled to 8 bits and alpha dropped; JPEGs
/// decode to gray when stored gray and to RGB otherwise. A corrupt or
/// truncated file (a libjpeg warning included) fails with the library's
/// message.
enum ImageDecoder {
  /// What to do about a file that does not decode.
  static let fix = "The image is corrupt or truncated: re-export it, or remove it from the folder"

  /// A shim's decode call: (bytes, count, pixels, width, height, channels,
  /// message, capacity), returning 1 on success.
  private typealias Decode = (
    UnsafePointer<UInt8>, Int, UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>,
    UnsafeMutablePointer<Int32>, UnsafeMutablePointer<Int32>, UnsafeMutablePointer<Int32>,
    UnsafeMutablePointer<CChar>, Int
  ) -> Int32

  /// The image in `data`, read from `path` (named in errors).
  static func decode(_ data: Data, path: String) throws -> RasterImage {
    let bytes = [UInt8](data)
    let format: String
    let decode: Decode
    if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) {
      (format, decode) = ("PNG", { triscale_png_decode($0, $1, $2, $3, $4, $5, $6, $7) })
    } else if bytes.starts(with: [0xFF, 0xD8]) {
      (format, decode) = ("JPEG", { triscale_jpeg_decode($0, UInt($1), $2, $3, $4, $5, $6, $7) })
    } else {
      throw TriscaleError.invalidFile(
        path: path,
        problem: bytes.isEmpty
          ? "is empty" : "is neither a PNG nor a JPEG image (unknown signature)",
        fix: fix)
    }
    var pixels: UnsafeMutablePointer<UInt8>?
    var (width, height, channels): (Int32, Int32, Int32) = (0, 0, 0)
    var message = [CChar](repeating: 0, count: 256)
    let succeeded = bytes.withUnsafeBufferPointer { source in
      decode(
        source.baseAddress!, source.count, &pixels, &width, &height, &channels, &message,
        message.count) == 1
    }
    guard succeeded, let pixels else {
      let reason = String(
        decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
      throw TriscaleError.invalidFile(
        path: path, problem: "cannot be decoded as \(format) (\(reason))", fix: fix)
    }
    defer { free(pixels) }
    let count = Int(width) * Int(height) * Int(channels)
    return RasterImage(
      height: Int(height), width: Int(width), channels: Int(channels),
      pixels: Array(UnsafeBufferPointer(start: pixels, count: count)))
  }
}
