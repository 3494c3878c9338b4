/// Symmetric int8 quantization of a weight tensor with one scale per slice
/// along a channel dimension, as the TensorFlow converter's dynamic-range
/// mode does: `scale[c] = max|w| / 127` over the slice, levels
/// `round(w / scale)` in [-127, 127] (an all-zero slice gets scale 1).
struct SymmetricQuantization {
  /// The int8 levels, in the input's layout.
  var levels: [Int8]
  /// One scale per channel.
  var scales: [Float]

  init(values: [Float], shape: [Int], channelDimension: Int) {
    let channels = shape[channelDimension]
    // Elements are laid out as [outer][channel][inner].
    let inner = shape[(channelDimension + 1)...].reduce(1, *)
    var maxima = [Float](repeating: 0, count: channels)
    for (index, value) in values.enumerated() {
      let channel = (index / inner) % channels
      maxima[channel] = max(maxima[channel], abs(value))
    }
    let scales = maxima.map { $0 > 0 ? $0 / 127 : 1 }
    self.scales = scales
    levels = values.enumerated().map { index, value in
      let level = (value / scales[(index / inner) % channels]).rounded()
      return Int8(min(max(level, -127), 127))
    }
  }
}
