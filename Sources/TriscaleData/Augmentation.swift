import TriscaleCore

/// Random training-time changes to each image: a shifted crop and a
/// left-right mirror, the standard CIFAR recipe.
///
/// The random choices for one sample come from a generator the
/// ``BatchLoader`` seeds from (seed, epoch, sample), so they do not depend on
/// thread timing or on where a run resumed.
public struct Augmentation: Sendable, Equatable, Codable {
  /// Pad each side by this many pixels and crop back to the original size at
  /// a random offset; 0 turns cropping off. Padded pixels are 0 after
  /// normalization (the channel mean).
  public var padCrop: Int
  /// Mirror each image left-right with probability 1/2.
  public var horizontalFlip: Bool

  /// Augmentation with the given options; the defaults are the standard CIFAR
  /// recipe (pad-and-crop by 4, random flips).
  public init(padCrop: Int = 4, horizontalFlip: Bool = true) {
    self.padCrop = padCrop
    self.horizontalFlip = horizontalFlip
  }

  /// No augmentation: every image passes through unchanged (evaluation).
  public static let none = Augmentation(padCrop: 0, horizontalFlip: false)

  /// Writes one normalized, augmented HWC image.
  ///
  /// - Parameters:
  ///   - source: the image's bytes, `height · width · channels`.
  ///   - output: where the floats go, same element count.
  ///   - table: ``Normalization``'s lookup table, `channel * 256 + byte`.
  ///   - shape: `[height, width, channels]`.
  ///   - random: the sample's own generator.
  func apply(
    _ source: UnsafePointer<UInt8>, to output: UnsafeMutablePointer<Float>,
    table: UnsafePointer<Float>,
    shape: [Int], random: inout SeededRandom
  ) {
    let (height, width, channels) = (shape[0], shape[1], shape[2])
    let shiftY = padCrop > 0 ? random.nextInt(below: 2 * padCrop + 1) - padCrop : 0
    let shiftX = padCrop > 0 ? random.nextInt(below: 2 * padCrop + 1) - padCrop : 0
    let mirror = horizontalFlip && random.next() & 1 == 1
    let rowLength = width * channels
    for y in 0..<height {
      let row = output + y * rowLength
      let sourceY = y + shiftY
      guard sourceY >= 0, sourceY < height else {
        row.update(repeating: 0, count: rowLength)
        continue
      }
      let sourceRow = source + sourceY * rowLength
      for x in 0..<width {
        let sourceX = (mirror ? width - 1 - x : x) + shiftX
        let pixel = row + x * channels
        guard sourceX >= 0, sourceX < width else {
          pixel.update(repeating: 0, count: channels)
          continue
        }
        let sourcePixel = sourceRow + sourceX * channels
        for channel in 0..<channels {
          pixel[channel] = table[channel &* 256 &+ Int(sourcePixel[channel])]
        }
      }
    }
  }
}
