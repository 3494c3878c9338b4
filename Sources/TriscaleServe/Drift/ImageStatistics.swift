/// The per-image input statistics drift monitoring follows, on the 0...1
/// pixel scale: what a brightness, contrast or noise corruption moves.
///
/// - brightness: the mean pixel value;
/// - contrast: the standard deviation of the pixel values;
/// - roughness: the mean absolute difference between horizontally and
///   vertically neighbouring values of the same channel.
enum ImageStatistics {
  /// The names, in the order ``of(_:shape:)`` returns them.
  static let names = ["brightness", "contrast", "roughness"]

  /// The statistics of one HWC image given as pixel values 0...255.
  static func of(_ pixels: ArraySlice<Float>, shape: [Int]) -> [Double] {
    let (height, width, channels) = (shape[0], shape[1], shape[2])
    let start = pixels.startIndex
    var sum = 0.0
    var squares = 0.0
    var differences = 0.0
    var pairs = 0
    for y in 0..<height {
      for x in 0..<width {
        for c in 0..<channels {
          let value = Double(pixels[start + (y * width + x) * channels + c])
          sum += value
          squares += value * value
          if x + 1 < width {
            differences += abs(value - Double(pixels[start + (y * width + x + 1) * channels + c]))
            pairs += 1
          }
          if y + 1 < height {
            differences += abs(value - Double(pixels[start + ((y + 1) * width + x) * channels + c]))
            pairs += 1
          }
        }
      }
    }
    let count = Double(height * width * channels)
    let mean = sum / count
    let variance = max(0, squares / count - mean * mean)
    return [mean / 255, variance.squareRoot() / 255, differences / Double(max(1, pairs)) / 255]
  }
}
