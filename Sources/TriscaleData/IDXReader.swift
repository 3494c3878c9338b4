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
  /// count is `classCount` when given (e.g. taken over both splits, see
  /// ``classCount(labels:)``), otherwise the largest label plus one.
  ///
  /// - Throws: ``TriscaleError/invalidFile(path:problem:fix:)`` for a missing
  ///   file, a wrong magic number, a non-byte element type, a size that does
  ///   not match the header, an unsupported channel count, or image and label
  ///   counts that differ, or a label not below `classCount`.
  public static func load(images: String, labels: String, name: String, classCount: Int? = nil)
    throws -> Dataset
  {
    try decode(
      images: (images, BinaryFile.read(images, fix: fileHint)),
      labels: (labels, BinaryFile.read(labels, fix: fileHint)), name: name,
      classCount: classCount)
  }

  /// Decodes the contents of an images file and its labels file, checked as
  /// ``load(images:labels:name:classCount:)`` checks them; each `path` names
  /// its file in errors.
  public static func decode(
    images imageData: (path: String, data: Data), labels labelData: (path: String, data: Data),
    name: String, classCount: Int? = nil
  ) throws -> Dataset {
    let images = imageData.path
    let labels = labelData.path
    let imageFile = try IDXFile(path: images, data: imageData.data)
    try imageFile.requireBytes()
    guard imageFile.magic == imageMagic3 || imageFile.magic == imageMagic4 else {
      throw wrongMagic(imageFile, expected: "0x00000803 or 0x00000804 (unsigned-byte images)")
    }
    let labelFile = try labelsFile(path: labels, data: labelData.data)
    try imageFile.requireBodySize()

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
    let largest = Int(labelBytes.max() ?? 0)
    let classCount = classCount ?? largest + 1
    guard largest < classCount else {
      throw TriscaleError.invalidFile(
        path: labels, problem: "holds label \(largest), not below the \(classCount) classes",
        fix: "Fix the labels, or pass a larger class count")
    }
    return Dataset(
      unchecked: name, imageShape: imageShape, classCount: classCount, classNames: [],
      pixels: [UInt8](imageFile.body), labels: labelBytes)
  }

  /// The class count the labels file at `labels` implies: its largest label plus one.
  public static func classCount(labels: String) throws -> Int {
    Int(try readLabels(labels).body.max() ?? 0) + 1
  }

  /// The labels file at `path`, checked for type, magic number and size.
  private static func readLabels(_ path: String) throws -> IDXFile {
    try labelsFile(path: path, data: BinaryFile.read(path, fix: fileHint))
  }

  /// The labels file `data`, read from `path`, checked for type, magic number and size.
  private static func labelsFile(path: String, data: Data) throws -> IDXFile {
    let file = try IDXFile(path: path, data: data)
    try file.requireBytes()
    guard file.magic == labelMagic else {
      throw wrongMagic(file, expected: "0x00000801 (unsigned-byte labels)")
    }
    try file.requireBodySize()
    return file
  }

  private static func wrongMagic(_ file: IDXFile, expected: String) -> TriscaleError {
    let swapped = file.magic == labelMagic || file.magic == imageMagic3 || file.magic == imageMagic4
    return TriscaleError.invalidFile(
      path: file.path,
      problem: "wrong IDX magic number: found \(IDXFile.hex(file.magic)), expected \(expected)",
      fix: swapped ? "The images and labels files look swapped; exchange them" : fileHint)
  }
}
