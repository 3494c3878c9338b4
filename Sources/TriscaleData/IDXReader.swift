import Foundation
import TriscaleCore

/// Reads image sets in the IDX layout used by MNIST and Fashion-MNIST
/// (uncompressed `*-images-idx3-ubyte` / `*-labels-idx1-ubyte` pairs).
///
/// An IDX file starts with a big-endian 32-bit magic number `0x0000TTDD`
/// (`TT` the element type, `DD` the number of dimensions), then one
/// big-endian 32-bit extent per dimension, then the elements. Only unsigned
/// bytes (type `0x08`) are read: images as `0x00000803` (N, H, W; one
/// channel) or `0x00000804` (N, H, W, C with C = 1 or 3), labels as
/// `0x00000801` (N).
public enum IDXReader {
  private static let imageMagic3: UInt32 = 0x0000_0803
  private static let imageMagic4: UInt32 = 0x0000_0804
  private static let labelMagic: UInt32 = 0x0000_0801

  /// What to do about a file that is not a readable IDX file.
  static let fileHint = "Pass an uncompressed IDX file (gunzip *.gz first)"

  /// Loads the images at `images` with the labels at `labels`; the class
  /// count is the largest label plus one.
  ///
  /// - Throws: ``TriscaleError/invalidFile(path:problem:fix:)`` for a missing
  ///   file, a wrong magic number, a non-byte element type, a size that does
  ///   not match the header, an unsupported channel count, or image and label
  ///   counts that differ.
  public static func load(images: String, labels: String, name: String) throws -> Dataset {
    let imageFile = try IDXFile(path: images, data: BinaryFile.read(images, fix: fileHint))
    let labelFile = try IDXFile(path: labels, data: BinaryFile.read(labels, fix: fileHint))

    try imageFile.requireBytes()
    try labelFile.requireBytes()
    guard imageFile.magic == imageMagic3 || imageFile.magic == imageMagic4 else {
      throw wrongMagic(imageFile, expected: "0x00000803 or 0x00000804 (unsigned-byte images)")
    }
    guard labelFile.magic == labelMagic else {
      throw wrongMagic(labelFile, expected: "0x00000801 (unsigned-byte labels)")
    }
    try imageFile.requireBodySize()
    try labelFile.requireBodySize()

    var imageShape = Array(imageFile.extents.dropFirst())
    if imageShape.count == 2 { imageShape.append(1) }
    let channels = imageShape[2]
    guard channels == 1 || channels == 3 else {
      throw TriscaleError.invalidFile(
        path: images, problem: "images have \(channels) channels; only 1 or 3 are supported",
        fix: "Convert the images to grayscale or RGB")
    }
    guard imageShape.allSatisfy({ $0 > 0 }) else {
      throw TriscaleError.invalidFile(
        path: images, problem: "image extents \(imageShape) include zero", fix: fileHint)
    }
    let imageCount = imageFile.extents[0]
    let labelCount = labelFile.extents[0]
    guard imageCount == labelCount else {
      throw TriscaleError.invalidFile(
        path: labels,
        problem: "holds \(labelCount) labels but \(images) holds \(imageCount) images",
        fix:
          "Pair each images file with its own labels file (e.g. train with train, t10k with t10k)")
    }
    guard imageCount > 0 else {
      throw TriscaleError.invalidFile(path: images, problem: "holds no images", fix: fileHint)
    }
    let labelBytes = [UInt8](labelFile.body)
    let classCount = Int(labelBytes.max() ?? 0) + 1
    return Dataset(
      unchecked: name, imageShape: imageShape, classCount: classCount, classNames: [],
      pixels: [UInt8](imageFile.body), labels: labelBytes)
  }

  private static func wrongMagic(_ file: IDXFile, expected: String) -> TriscaleError {
    let swapped = file.magic == labelMagic || file.magic == imageMagic3 || file.magic == imageMagic4
    return TriscaleError.invalidFile(
      path: file.path,
      problem: "wrong IDX magic number: found \(IDXFile.hex(file.magic)), expected \(expected)",
      fix: swapped ? "The images and labels files look swapped; exchange them" : fileHint)
  }
}
