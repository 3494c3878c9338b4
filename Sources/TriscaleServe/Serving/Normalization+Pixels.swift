import TriscaleData

extension Normalization {
  /// `pixels` (NHWC values on the 0...255 scale) standardized per channel:
  /// `(value / 255 − mean) / std`.
  func apply(toPixels pixels: [Float]) -> [Float] {
    let channels = channelCount
    let scale = std.map { 1 / (255 * $0) }
    let shift = zip(mean, std).map { -$0 / $1 }
    var output = [Float](repeating: 0, count: pixels.count)
    for index in pixels.indices {
      let channel = index % channels
      output[index] = pixels[index] * scale[channel] + shift[channel]
    }
    return output
  }
}
