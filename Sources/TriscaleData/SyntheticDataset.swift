import Foundation
import TriscaleCore

/// A built-in, deterministic 32×32×3 ten-class image set for demos and tests:
/// no download, generated in a fraction of a second.
///
/// Each class is a distinct pair of stripe orientation (0°, 36°, ..., 144°)
/// and stripe period (fine or coarse), drawn with a random phase. On top, a
/// colour tint (warm or cool) and a bright blob (upper left or lower right)
/// are shared by groups of classes. Every image gets a random phase, small
/// angle and period jitter, random brightness, tint strength, contrast and
/// blob placement, and heavy pixel noise.
///
/// Because the stripe phase is uniform, the stripes average out of any linear
/// function of the pixels: a linear model can only see tint and blob, which
/// narrow an image down to two or three classes. Telling the stripes apart
/// takes a non-linear model such as a small CNN, which learns it within a few
/// epochs; low-contrast images under the noise keep it from being perfect.
public enum SyntheticDataset {
  /// Image height and width in pixels.
  static let side = 32
  /// The number of classes.
  public static let classCount = 10

  /// The class names, index = label, e.g. "stripes-036-fine-cool-lower-right".
  public static let classNames: [String] = (0..<classCount).map { ClassStyle($0).name }

  /// `count` images with balanced labels (counts differ by at most one),
  /// entirely determined by `seed`.
  public static func make(count: Int, seed: UInt64) -> Dataset {
    let count = max(count, 0)
    var labels = (0..<count).map { UInt8($0 % classCount) }
    var shuffler = SeededRandom(seed: SeedMixing.combine(seed, 0x6C61_6265_6C73))
    for position in stride(from: count - 1, to: 0, by: -1) {
      labels.swapAt(position, shuffler.nextInt(below: position + 1))
    }
    let imageBytes = side * side * 3
    let styles = (0..<classCount).map(ClassStyle.init)
    let pixels = [UInt8](unsafeUninitializedCapacity: count * imageBytes) { buffer, initialized in
      guard let base = buffer.baseAddress else { return }
      for index in 0..<count {
        var random = SeededRandom(seed: SeedMixing.combine(seed, UInt64(index)))
        draw(styles[Int(labels[index])], into: base + index * imageBytes, random: &random)
      }
      initialized = count * imageBytes
    }
    return Dataset(
      unchecked: "synthetic-seed\(seed)", imageShape: [side, side, 3], classCount: classCount,
      classNames: classNames, pixels: pixels, labels: labels)
  }

  /// The fixed standard sets: 10,000 training images (seed 1) and 2,000
  /// test images (seed 2).
  public static func standard(split: Split) -> Dataset {
    var dataset: Dataset
    switch split {
    case .train: dataset = make(count: 10_000, seed: 1)
    case .test: dataset = make(count: 2_000, seed: 2)
    }
    dataset.name = "synthetic-\(split.rawValue)"
    return dataset
  }

  /// Paints one image of `style` into 32·32·3 bytes at `output`.
  private static func draw(
    _ style: ClassStyle, into output: UnsafeMutablePointer<UInt8>, random: inout SeededRandom
  ) {
    let angle = style.angle + (random.nextUniform() - 0.5) * (12 * Float.pi / 180)
    let frequency = 2 * Float.pi / (style.period * (0.92 + 0.16 * random.nextUniform()))
    let phase = 2 * Float.pi * random.nextUniform()
    let contrast = 4 + 24 * random.nextUniform()
    let brightness = 100 + 56 * random.nextUniform()
    let tintStrength = 8 + 16 * random.nextUniform()
    let blobStrength = 25 + 35 * random.nextUniform()
    let blobX = style.blobCentre + (random.nextUniform() - 0.5) * 10
    let blobY = style.blobCentre + (random.nextUniform() - 0.5) * 10
    let offsets = style.tint.map { brightness + tintStrength * $0 }

    // sin(u·x + v·y + phase) = sin(u·x)·cos(v·y + phase) + cos(u·x)·sin(v·y + phase),
    // and the Gaussian blob factors the same way, so each is a product of
    // per-column and per-row tables.
    let (u, v) = (frequency * cos(angle), frequency * sin(angle))
    let twoSigmaSquared: Float = 2 * 4.5 * 4.5
    var columnSin = [Float](repeating: 0, count: side)
    var columnCos = columnSin
    var columnBlob = columnSin
    var rowSin = columnSin
    var rowCos = columnSin
    var rowBlob = columnSin
    for index in 0..<side {
      let position = Float(index)
      columnSin[index] = sin(u * position)
      columnCos[index] = cos(u * position)
      columnBlob[index] = exp(-(position - blobX) * (position - blobX) / twoSigmaSquared)
      rowSin[index] = contrast * sin(v * position + phase)
      rowCos[index] = contrast * cos(v * position + phase)
      rowBlob[index] =
        blobStrength * exp(-(position - blobY) * (position - blobY) / twoSigmaSquared)
    }

    // Noise: Irwin–Hall sums of four 5-bit random numbers (mean 62,
    // standard deviation 18.47), scaled to a standard deviation of 32; one
    // 64-bit draw serves the three channels of a pixel.
    let noiseScale: Float = 32 / 18.47
    var offset = 0
    for y in 0..<side {
      for x in 0..<side {
        let shared =
          columnSin[x] * rowCos[y] + columnCos[x] * rowSin[y] + columnBlob[x] * rowBlob[y]
        var bits = random.next()
        for channel in 0..<3 {
          let sum = (bits & 31) + (bits >> 5 & 31) + (bits >> 10 & 31) + (bits >> 15 & 31)
          bits >>= 20
          let value = offsets[channel] + shared + (Float(sum) - 62) * noiseScale
          output[offset] = UInt8(min(max(value.rounded(), 0), 255))
          offset += 1
        }
      }
    }
  }
}

/// What distinguishes one synthetic class: its stripes, and the tint and blob
/// it shares with other classes.
private struct ClassStyle {
  /// Stripe direction, radians.
  let angle: Float
  /// Stripe period, pixels.
  let period: Float
  /// Per-channel tint direction (warm: red up, blue down; cool: the reverse).
  let tint: [Float]
  /// Blob centre on both axes, pixels.
  let blobCentre: Float
  /// A readable description.
  let name: String

  init(_ label: Int) {
    let orientation = label % 5
    let fine = label < 5
    let warm = label % 2 == 0
    let upperLeft = (label / 2) % 2 == 0
    angle = Float(orientation) * 36 * Float.pi / 180
    period = fine ? 4 : 7
    tint = warm ? [1, 0, -1] : [-1, 0, 1]
    blobCentre = upperLeft ? 10 : 21
    let degrees = String(repeating: "0", count: orientation == 0 ? 2 : orientation < 3 ? 1 : 0)
    name =
      "stripes-\(degrees)\(orientation * 36)-\(fine ? "fine" : "coarse")-\(warm ? "warm" : "cool")-"
      + (upperLeft ? "upper-left" : "lower-right")
  }
}
