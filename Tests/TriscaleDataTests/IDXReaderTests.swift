import Foundation
import Testing

@testable import TriscaleData

/// An IDX file: magic number, big-endian extents, then `body`.
private func idx(magic: UInt32, extents: [Int], body: [UInt8]) -> [UInt8] {
  func bigEndian(_ value: UInt32) -> [UInt8] {
    (0..<4).map { UInt8(truncatingIfNeeded: value >> (24 - 8 * $0)) }
  }
  return bigEndian(magic) + extents.flatMap { bigEndian(UInt32($0)) } + body
}

@Suite("IDX reader")
struct IDXReaderTests {
  /// Writes images and labels files and loads them.
  private func load(images: [UInt8], labels: [UInt8]) throws -> Dataset {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let imagesPath = try directory.write(images, to: "images-idx3-ubyte")
    let labelsPath = try directory.write(labels, to: "labels-idx1-ubyte")
    return try IDXReader.load(images: imagesPath, labels: labelsPath, name: "tiny")
  }

  /// The message of the error loading these files throws.
  private func message(images: [UInt8], labels: [UInt8]) -> String {
    triscaleErrorMessage { _ = try load(images: images, labels: labels) } ?? "no error"
  }

  @Test func grayscaleRoundTrip() throws {
    let pixels: [UInt8] = (0..<24).map { (index: Int) in UInt8(index * 7) }
    let dataset = try load(
      images: idx(magic: 0x0803, extents: [3, 2, 4], body: pixels),
      labels: idx(magic: 0x0801, extents: [3], body: [2, 0, 5])
    )
    #expect(dataset.imageShape == [2, 4, 1])
    #expect(dataset.pixels == pixels)
    #expect(dataset.labels == [2, 0, 5])
    #expect(dataset.classCount == 6)
    #expect(dataset.name == "tiny")
  }

  @Test func colourRoundTrip() throws {
    let pixels: [UInt8] = (0..<54).map { (index: Int) in UInt8(255 - index) }
    let dataset = try load(
      images: idx(magic: 0x0804, extents: [2, 3, 3, 3], body: pixels),
      labels: idx(magic: 0x0801, extents: [2], body: [1, 1])
    )
    #expect(dataset.imageShape == [3, 3, 3])
    #expect(dataset.pixels == pixels)
    #expect(dataset.classCount == 2)
  }

  @Test func wrongMagicStatesFoundAndExpected() {
    let text = message(
      images: idx(magic: 0x0802, extents: [2, 4], body: [UInt8](repeating: 0, count: 8)),
      labels: idx(magic: 0x0801, extents: [2], body: [0, 1]))
    #expect(
      text.contains("wrong IDX magic number: found 0x00000802, expected 0x00000803 or 0x00000804"))
  }

  @Test func foreignFileIsRejectedByMagic() {
    let text = message(
      images: Array("P5 28 28 255 not an idx file".utf8),
      labels: idx(magic: 0x0801, extents: [1], body: [0]))
    #expect(text.contains("wrong IDX magic number: found 0x50352032"))
  }

  @Test func swappedFilesAreDetected() {
    let images = idx(magic: 0x0803, extents: [2, 2, 2], body: [UInt8](repeating: 0, count: 8))
    let labels = idx(magic: 0x0801, extents: [2], body: [0, 1])
    let text = message(images: labels, labels: images)
    #expect(text.contains("found 0x00000801"))
    #expect(text.contains("swapped"))
  }

  @Test func wrongElementTypeIsNamed() {
    let text = message(
      images: idx(magic: 0x0D03, extents: [1, 1, 1], body: [0, 0, 0, 0]),
      labels: idx(magic: 0x0801, extents: [1], body: [0]))
    #expect(text.contains("wrong IDX element type 0x0D (float32)"))
  }

  @Test func sizeMismatchGivesBothSizes() {
    let text = message(
      images: idx(magic: 0x0803, extents: [2, 3, 3], body: [UInt8](repeating: 0, count: 17)),
      labels: idx(magic: 0x0801, extents: [2], body: [0, 1]))
    #expect(
      text.contains(
        "size mismatch: header extents [2, 3, 3] need 18 data bytes but the file has 17"))
  }

  @Test func countMismatchNamesBothCounts() {
    let text = message(
      images: idx(magic: 0x0803, extents: [3, 1, 1], body: [1, 2, 3]),
      labels: idx(magic: 0x0801, extents: [2], body: [0, 1]))
    #expect(text.contains("holds 2 labels but"))
    #expect(text.contains("holds 3 images"))
  }

  @Test func unsupportedChannelCountIsRejected() {
    let text = message(
      images: idx(magic: 0x0804, extents: [1, 1, 1, 2], body: [1, 2]),
      labels: idx(magic: 0x0801, extents: [1], body: [0]))
    #expect(text.contains("images have 2 channels; only 1 or 3 are supported"))
  }

  @Test func gzipFileIsRecognised() {
    let text = message(
      images: [0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0],
      labels: idx(magic: 0x0801, extents: [1], body: [0]))
    #expect(text.contains("is gzip-compressed"))
  }
}
