import Foundation
import Testing
import TriscaleCore
import TriscaleTestSupport

@testable import TriscaleData

/// PNG and JPEG decoding: every PNG layout libpng transforms, JPEG gray and
/// colour, and corrupt or truncated files.
@Suite("Image decoder")
struct ImageDecoderTests {
  /// Writes one image with `write` into a fresh directory and decodes it.
  private func roundTrip(_ write: (String) throws -> Void) throws -> RasterImage {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let path = directory.path + "/image"
    try write(path)
    return try ImageDecoder.decode(Data(contentsOf: URL(fileURLWithPath: path)), path: path)
  }

  /// A 5×3 gradient with `channels` samples per pixel.
  private func gradient(channels: Int) -> [UInt8] {
    (0..<(5 * 3 * channels)).map { UInt8(($0 * 17) % 256) }
  }

  @Test("8-bit gray and RGB PNGs decode exactly")
  func plainPNG() throws {
    for channels in [1, 3] {
      let pixels = gradient(channels: channels)
      let image = try roundTrip {
        try ImageFiles.writePNG(
          pixels, width: 5, height: 3, layout: .bytes(channels: channels), to: $0)
      }
      #expect(image == RasterImage(height: 3, width: 5, channels: channels, pixels: pixels))
    }
  }

  @Test("alpha is dropped, not composited: a transparent pixel keeps its colour")
  func alphaDropped() throws {
    let rgba: [UInt8] = [200, 10, 30, 0, 5, 250, 60, 255]
    let colour = try roundTrip {
      try ImageFiles.writePNG(rgba, width: 2, height: 1, layout: .bytes(channels: 4), to: $0)
    }
    #expect(
      colour == RasterImage(height: 1, width: 2, channels: 3, pixels: [200, 10, 30, 5, 250, 60]))
    let gray = try roundTrip {
      try ImageFiles.writePNG(
        [90, 0, 140, 255], width: 2, height: 1, layout: .bytes(channels: 2), to: $0)
    }
    #expect(gray.pixels == [90, 140])
  }

  @Test("palette PNGs expand to RGB and 16-bit PNGs scale to 8 bits")
  func paletteAnd16Bit() throws {
    let rgb = gradient(channels: 3)
    let palette = try roundTrip {
      try ImageFiles.writePNG(rgb, width: 5, height: 3, layout: .palette, to: $0)
    }
    #expect(palette == RasterImage(height: 3, width: 5, channels: 3, pixels: rgb))
    let gray = gradient(channels: 1)
    let deep = try roundTrip {
      try ImageFiles.writePNG(gray, width: 5, height: 3, layout: .gray16, to: $0)
    }
    #expect(deep == RasterImage(height: 3, width: 5, channels: 1, pixels: gray))
  }

  @Test("JPEGs decode to gray or RGB, close to what was written")
  func jpeg() throws {
    for channels in [1, 3] {
      let flat = [UInt8](repeating: 0, count: 16 * 16 * channels).enumerated().map {
        UInt8(60 + 80 * ($0.offset % channels))
      }
      let image = try roundTrip {
        try ImageFiles.writeJPEG(flat, width: 16, height: 16, channels: channels, to: $0)
      }
      #expect(image.channels == channels && image.width == 16 && image.height == 16)
      #expect(zip(image.pixels, flat).allSatisfy { abs(Int($0) - Int($1)) <= 3 })
    }
  }

  /// The message decoding `bytes` throws.
  private func message(_ bytes: [UInt8]) -> String {
    triscaleErrorMessage { _ = try ImageDecoder.decode(Data(bytes), path: "cat/1.png") } ?? ""
  }

  @Test("corrupt, truncated, empty and foreign files fail naming the file and the fix")
  func corruptFiles() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let png = directory.path + "/a.png"
    let jpeg = directory.path + "/a.jpg"
    try ImageFiles.writePNG(
      gradient(channels: 3), width: 5, height: 3, layout: .bytes(channels: 3), to: png)
    try ImageFiles.writeJPEG(
      [UInt8](repeating: 100, count: 64 * 64 * 3), width: 64, height: 64, channels: 3, to: jpeg)
    let pngBytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: png)))
    let jpegBytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: jpeg)))

    let truncatedPNG = message(Array(pngBytes.prefix(pngBytes.count / 2)))
    #expect(truncatedPNG.hasPrefix("cat/1.png: cannot be decoded as PNG ("))
    #expect(truncatedPNG.contains("re-export it, or remove it from the folder"))
    var flipped = pngBytes
    flipped[40] ^= 0xFF
    #expect(message(flipped).contains("cannot be decoded as PNG"))
    #expect(
      message(Array(jpegBytes.prefix(jpegBytes.count / 2))).contains("cannot be decoded as JPEG"))
    #expect(message([0xFF, 0xD8, 0xFF, 0x00, 1, 2, 3]).contains("cannot be decoded as JPEG"))
    #expect(message([]) == "cat/1.png: is empty. \(ImageDecoder.fix)")
    #expect(message(Array("GIF89a".utf8)).contains("is neither a PNG nor a JPEG image"))
  }
}
