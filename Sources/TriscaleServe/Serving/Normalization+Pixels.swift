import TriscaleData

extension Normalization {
  /// `pixels` (NHWC values on the 0...255 scale) standardized per channel:
  /// `(value / 255 − mean) / std`.
  func apply(toPixels pixels: [Float]) -> [Float] {
    let channels = channelCount
    let scale = std.map { 1 / (255 * $0) }
    let shift = zip(mean, std).map { -$0 / $1 }
    var output = [Float](repeating: 0, count: pixels.count)
    output.withUnsafeMutableBufferPointer { output in
      pixels.withUnsafeBufferPointer { pixels in
        for first in stride(from: 0, to: pixels.count, by: channels) {
          for channel in 0..<min(channels, pixels.count - first) {
            output[first + channel] = pixels[first + channel] * scale[channel] + shift[channel]
          }
        }
      }
    }
    return output
  }
}
