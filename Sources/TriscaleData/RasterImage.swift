/// One decoded 8-bit image: `height · width · channels` bytes, rows top to
/// bottom, channels interleaved (HWC).
struct RasterImage: Equatable {
  /// Rows.
  var height: Int
  /// Columns.
  var width: Int
  /// Values per pixel: 1 (gray) or 3 (RGB).
  var channels: Int
  /// The samples, HWC order.
  var pixels: [UInt8]

  /// The image with `channels` values per pixel: gray is repeated into R, G
  /// and B; RGB becomes gray by its BT.601 luma (0.299 R + 0.587 G + 0.114 B,
  /// as libjpeg computes it).
  func converted(toChannels target: Int) -> RasterImage {
    guard target != channels else { return self }
    let count = height * width
    var converted = [UInt8](repeating: 0, count: count * target)
    for pixel in 0..<count {
      if target == 3 {
        let gray = pixels[pixel]
        converted[3 * pixel] = gray
        converted[3 * pixel + 1] = gray
        converted[3 * pixel + 2] = gray
      } else {
        let (red, green, blue) = (
          Int(pixels[3 * pixel]), Int(pixels[3 * pixel + 1]), Int(pixels[3 * pixel + 2])
        )
        converted[pixel] = UInt8((299 * red + 587 * green + 114 * blue + 500) / 1000)
      }
    }
    return RasterImage(height: height, width: width, channels: target, pixels: converted)
  }
}
