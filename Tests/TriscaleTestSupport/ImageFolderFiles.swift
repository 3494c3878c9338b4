import Foundation
import TriscaleCore

/// Writes a folder-of-images dataset for tests: one subfolder per class,
/// images of several sizes in every format the reader handles.
public enum ImageFolderFiles {
  /// How the n-th image of a class is stored, cycling: gray PNG, RGBA PNG,
  /// RGB JPEG, RGB PNG, palette PNG, gray JPEG, 16-bit gray PNG, gray+alpha PNG.
  static let formats: [(name: String, channels: Int, write: Writer)] = [
    (
      "gray.png", 1,
      { try ImageFiles.writePNG($0, width: $1, height: $2, layout: .bytes(channels: 1), to: $3) }
    ),
    (
      "rgba.png", 4,
      { try ImageFiles.writePNG($0, width: $1, height: $2, layout: .bytes(channels: 4), to: $3) }
    ),
    ("rgb.jpg", 3, { try ImageFiles.writeJPEG($0, width: $1, height: $2, channels: 3, to: $3) }),
    (
      "rgb.PNG", 3,
      { try ImageFiles.writePNG($0, width: $1, height: $2, layout: .bytes(channels: 3), to: $3) }
    ),
    (
      "palette.png", 3,
      { try ImageFiles.writePNG($0, width: $1, height: $2, layout: .palette, to: $3) }
    ),
    ("gray.jpeg", 1, { try ImageFiles.writeJPEG($0, width: $1, height: $2, channels: 1, to: $3) }),
    (
      "gray16.png", 1,
      { try ImageFiles.writePNG($0, width: $1, height: $2, layout: .gray16, to: $3) }
    ),
    (
      "ga.png", 2,
      { try ImageFiles.writePNG($0, width: $1, height: $2, layout: .bytes(channels: 2), to: $3) }
    ),
  ]
  /// Writes (pixels, width, height, path).
  typealias Writer = @Sendable ([UInt8], Int, Int, String) throws -> Void

  /// The (width, height) of the n-th image of a class, cycling.
  static let sizes = [(20, 24), (32, 32), (40, 30), (12, 9), (64, 48)]

  /// Writes `perClass` images into `directory/NAME/` for each of `classes`
  /// and returns their paths. Class `k`'s images are bright in colour
  /// channel `k % 3` (and, in gray, brighter for higher `k`), with seeded noise.
  @discardableResult
  public static func write(
    into directory: String, classes: [String], perClass: Int, seed: UInt64 = 5
  ) throws -> [String] {
    var random = SeededRandom(seed: seed)
    var paths = [String]()
    for (label, name) in classes.enumerated() {
      let folder = directory + "/" + name
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      for index in 0..<perClass {
        let format = formats[index % formats.count]
        let (width, height) = sizes[index % sizes.count]
        let pixels = (0..<(width * height * format.channels)).map { sample in
          let channel = sample % format.channels
          let lit = format.channels < 3 ? channel == 0 : channel == label % 3
          let base = lit ? 110 + 40 * (label % 3) : 30
          let value = UInt8(base + random.nextInt(below: 60))
          return format.name == "palette.png" ? value & 0xC0 : value  // a palette holds 256 colours
        }
        let path = "\(folder)/\(index)-\(format.name)"
        try format.write(pixels, width, height, path)
        paths.append(path)
      }
    }
    return paths
  }
}
