import Foundation
import TriscaleCore

/// Reads the CIFAR-10 binary version (`cifar-10-binary.tar.gz`): the five
/// training batches `data_batch_1.bin` ... `data_batch_5.bin` and
/// `test_batch.bin`.
///
/// Each file is a run of 3073-byte records: one label byte (0...9) then a
/// 32×32 colour image stored channel-planar (1024 red, 1024 green, 1024 blue
/// bytes, rows top to bottom). The reader converts the images to HWC.
public enum CIFAR10Reader {
  /// The class names, index = label.
  public static let classNames = [
    "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck",
  ]

  /// Image height and width in pixels.
  static let side = 32
  /// Bytes in one record: a label byte and three 32×32 planes.
  static let recordSize = 1 + 3 * 32 * 32

  private static let downloadHint =
    "Download the CIFAR-10 binary version (https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz), "
    + "unpack it, and pass the folder holding data_batch_1.bin ... test_batch.bin"

  /// The file names making up `split`, in load order.
  public static func fileNames(for split: Split) -> [String] {
    switch split {
    case .train: return (1...5).map { "data_batch_\($0).bin" }
    case .test: return ["test_batch.bin"]
    }
  }

  /// Loads one split from `directory`: 50,000 training or 10,000 test images
  /// of shape [32, 32, 3], 10 classes.
  ///
  /// - Throws: ``TriscaleError/invalidFile(path:problem:fix:)`` when the
  ///   directory or a file is missing, a file's size is not a whole number of
  ///   records, or a label is not below 10.
  public static func load(directory: String, split: Split) throws -> Dataset {
    try BinaryFile.requireDirectory(directory, fix: downloadHint)
    let files = try fileNames(for: split).map { name -> (path: String, data: Data) in
      let path = (directory as NSString).appendingPathComponent(name)
      return (path, try BinaryFile.read(path, fix: downloadHint))
    }
    return try decode(files, split: split)
  }

  /// Decodes one split from the contents of its files, in load order
  /// (``fileNames(for:)``); each `path` names its file in errors.
  ///
  /// - Throws: ``TriscaleError/invalidFile(path:problem:fix:)`` when a file's
  ///   size is not a whole, non-zero number of records, or a label is not below 10.
  public static func decode(_ files: [(path: String, data: Data)], split: Split) throws -> Dataset {
    for file in files {
      try checkSize(of: file.data, path: file.path)
      try checkLabels(of: file.data, path: file.path)
    }

    let imageBytes = recordSize - 1
    let total = files.reduce(0) { $0 + $1.data.count / recordSize }
    var labels = [UInt8]()
    labels.reserveCapacity(total)
    let pixels = [UInt8](unsafeUninitializedCapacity: total * imageBytes) { output, initialized in
      var image = 0
      for file in files {
        file.data.withUnsafeBytes { raw in
          let source = raw.assumingMemoryBound(to: UInt8.self)
          for record in stride(from: 0, to: source.count, by: recordSize) {
            labels.append(source[record])
            planarToInterleaved(
              source.baseAddress! + record + 1, output.baseAddress! + image * imageBytes)
            image += 1
          }
        }
      }
      initialized = total * imageBytes
    }
    return Dataset(
      unchecked: "cifar10-\(split.rawValue)", imageShape: [side, side, 3], classCount: 10,
      classNames: classNames, pixels: pixels, labels: labels)
  }

  private static func checkSize(of data: Data, path: String) throws {
    guard !data.isEmpty else {
      throw TriscaleError.invalidFile(path: path, problem: "empty CIFAR-10 file", fix: downloadHint)
    }
    guard data.count % recordSize == 0 else {
      throw TriscaleError.invalidFile(
        path: path,
        problem:
          "truncated or wrong-size CIFAR-10 file: \(data.count) bytes is not a multiple of \(recordSize)",
        fix: downloadHint)
    }
  }

  private static func checkLabels(of data: Data, path: String) throws {
    let bad = data.withUnsafeBytes { raw in
      stride(from: 0, to: raw.count, by: recordSize).first { raw[$0] >= 10 }
    }
    if let bad {
      throw TriscaleError.invalidFile(
        path: path,
        problem:
          "record \(bad / recordSize) (byte offset \(bad)) has label \(data[data.startIndex + bad]), not 0...9",
        fix:
          "The file is corrupt or not CIFAR-10 (CIFAR-100 records carry two label bytes); download it again"
      )
    }
  }

  /// Converts one 3×32×32 channel-planar image to 32×32×3 interleaved.
  private static func planarToInterleaved(
    _ planes: UnsafePointer<UInt8>, _ output: UnsafeMutablePointer<UInt8>
  ) {
    let area = side * side
    for pixel in 0..<area {
      output[3 * pixel] = planes[pixel]
      output[3 * pixel + 1] = planes[area + pixel]
      output[3 * pixel + 2] = planes[2 * area + pixel]
    }
  }
}
