/// Resizes images separably, one axis at a time: shrinking averages the
/// source pixels each target pixel covers (area filter, no aliasing),
/// enlarging interpolates linearly between pixel centres (bilinear).
enum ImageResizer {
  /// One target pixel's sources along an axis: (source index, weight), weights summing to 1.
  typealias Taps = [(index: Int, weight: Float)]

  /// `image` resampled to `height` × `width`, same channels.
  static func resize(_ image: RasterImage, height: Int, width: Int) -> RasterImage {
    guard image.height != height || image.width != width else { return image }
    let channels = image.channels
    let columns = taps(from: image.width, to: width)
    let rows = taps(from: image.height, to: height)
    // Horizontal pass: image.height × width × channels.
    var wide = [Float](repeating: 0, count: image.height * width * channels)
    for y in 0..<image.height {
      for x in 0..<width {
        for (source, weight) in columns[x] {
          let from = (y * image.width + source) * channels
          let to = (y * width + x) * channels
          for channel in 0..<channels {
            wide[to + channel] += weight * Float(image.pixels[from + channel])
          }
        }
      }
    }
    // Vertical pass, rounded back to bytes.
    var pixels = [UInt8](repeating: 0, count: height * width * channels)
    for y in 0..<height {
      for index in 0..<(width * channels) {
        var sum: Float = 0
        for (source, weight) in rows[y] { sum += weight * wide[source * width * channels + index] }
        pixels[y * width * channels + index] = UInt8(min(max(sum.rounded(), 0), 255))
      }
    }
    return RasterImage(height: height, width: width, channels: channels, pixels: pixels)
  }

  /// The taps of every target pixel when `source` pixels become `target`.
  static func taps(from source: Int, to target: Int) -> [Taps] {
    let scale = Double(source) / Double(target)
    return (0..<target).map { pixel in
      scale > 1
        ? areaTaps(pixel, scale: scale, source: source)
        : linearTaps(pixel, scale: scale, source: source)
    }
  }

  /// The source pixels target `pixel` covers, weighted by how much of each it covers.
  private static func areaTaps(_ pixel: Int, scale: Double, source: Int) -> Taps {
    let (start, end) = (Double(pixel) * scale, min(Double(pixel + 1) * scale, Double(source)))
    return (Int(start.rounded(.down))..<Int(end.rounded(.up))).map { index in
      let covered = min(end, Double(index + 1)) - max(start, Double(index))
      return (index, Float(covered / scale))
    }
  }

  /// The two source pixels whose centres surround target `pixel`'s centre.
  private static func linearTaps(_ pixel: Int, scale: Double, source: Int) -> Taps {
    let centre = min(max((Double(pixel) + 0.5) * scale - 0.5, 0), Double(source - 1))
    let left = Int(centre.rounded(.down))
    let fraction = Float(centre - Double(left))
    return [(left, 1 - fraction), (min(left + 1, source - 1), fraction)]
  }
}
