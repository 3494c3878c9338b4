import Foundation
import TriscaleCore

/// Reads a folder-of-images dataset (see ``ImageFolder`` for the layout and
/// the split): every image is decoded (PNG or JPEG), converted to
/// `channels` (1: gray, 3: RGB) and resized to `height` × `width` (area
/// filter when shrinking, bilinear when enlarging; the aspect ratio is not
/// kept).
public enum ImageFolderReader {
  /// Loads one split of the folder `directory` as `[height, width, channels]` images.
  ///
  /// - Throws: ``TriscaleError/invalidFile(path:problem:fix:)`` for a bad
  ///   layout (no class folders, an empty class folder, a class with no
  ///   images, more than 256 classes), an image that does not decode, or an
  ///   empty split.
  public static func load(
    directory: String, split: Split, height: Int, width: Int, channels: Int, testFraction: Double
  ) throws -> Dataset {
    let folder = try ImageFolder(directory: directory, testFraction: testFraction)
    let files = folder.files[split]!
    guard !files.isEmpty else {
      throw TriscaleError.invalidFile(
        path: directory,
        problem:
          "the \(split) split holds no images (the classes are too small for a held-out part)",
        fix: "Add images to each class, or give test images in train/ and test/ subfolders")
    }
    var pixels = [UInt8]()
    pixels.reserveCapacity(files.count * height * width * channels)
    for (path, _) in files {
      let decoded = try ImageDecoder.decode(
        BinaryFile.read(path, fix: "Check the file's permissions"), path: path)
      pixels +=
        ImageResizer.resize(
          decoded.converted(toChannels: channels), height: height, width: width
        ).pixels
    }
    return Dataset(
      unchecked: "folder:\(directory)", imageShape: [height, width, channels],
      classCount: folder.classNames.count, classNames: folder.classNames, pixels: pixels,
      labels: files.map { UInt8($0.label) })
  }
}
