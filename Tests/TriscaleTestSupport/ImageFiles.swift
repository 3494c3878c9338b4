import CJPEG
import CPNG
import Foundation

/// Writes PNG and JPEG files for tests with libpng's simplified writer and
/// libjpeg's compressor: gray, gray+alpha, RGB and RGBA PNGs, palette and
/// 16-bit PNGs, gray and RGB JPEGs.
public enum ImageFiles {
  /// A PNG layout to write.
  public enum PNGLayout: Sendable {
    /// 8-bit samples, 1 (gray), 2 (gray + alpha), 3 (RGB) or 4 (RGBA) per pixel.
    case bytes(channels: Int)
    /// 8-bit palette indices into the distinct RGB colours of the pixels given.
    case palette
    /// 16-bit gray samples (libpng scales the 8-bit values given).
    case gray16
  }

  /// Writes `pixels` (HWC, 8-bit, `channels` per pixel; RGB of at most 256
  /// distinct colours for `.palette` and gray for `.gray16`) as a PNG at `path`.
  public static func writePNG(
    _ pixels: [UInt8], width: Int, height: Int, layout: PNGLayout, to path: String
  ) throws {
    var image = png_image()
    image.version = UInt32(PNG_IMAGE_VERSION)
    image.width = UInt32(width)
    image.height = UInt32(height)
    let written: Int32
    switch layout {
    case .bytes(let channels):
      image.format =
        (channels >= 3 ? PNG_FORMAT_FLAG_COLOR : 0)
        | (channels % 2 == 0 ? PNG_FORMAT_FLAG_ALPHA : 0)
      written = png_image_write_to_file(&image, path, 0, pixels, 0, nil)
    case .palette:
      var colours = [[UInt8]]()
      var indices = [UInt8]()
      for pixel in 0..<(width * height) {
        let colour = Array(pixels[(3 * pixel)..<(3 * pixel + 3)])
        if !colours.contains(colour) { colours.append(colour) }
        indices.append(UInt8(colours.firstIndex(of: colour)!))
      }
      image.format = PNG_FORMAT_FLAG_COLOR | PNG_FORMAT_FLAG_COLORMAP
      image.colormap_entries = UInt32(colours.count)
      written = png_image_write_to_file(&image, path, 0, indices, 0, colours.flatMap { $0 })
    case .gray16:
      image.format = PNG_FORMAT_FLAG_LINEAR
      let samples = pixels.map { UInt16($0) * 257 }
      written = png_image_write_to_file(&image, path, 0, samples, 0, nil)
    }
    guard written != 0 else {
      throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
    }
  }

  /// Writes `pixels` (HWC, 8-bit, 1 or 3 channels) as a baseline JPEG at `path`.
  public static func writeJPEG(
    _ pixels: [UInt8], width: Int, height: Int, channels: Int, quality: Int32 = 95, to path: String
  ) throws {
    var errors = jpeg_error_mgr()
    var info = jpeg_compress_struct()
    info.err = jpeg_std_error(&errors)
    jpeg_CreateCompress(&info, JPEG_LIB_VERSION, MemoryLayout<jpeg_compress_struct>.size)
    var buffer: UnsafeMutablePointer<UInt8>?
    var size: UInt = 0
    jpeg_mem_dest(&info, &buffer, &size)
    info.image_width = JDIMENSION(width)
    info.image_height = JDIMENSION(height)
    info.input_components = Int32(channels)
    info.in_color_space = channels == 1 ? JCS_GRAYSCALE : JCS_RGB
    jpeg_set_defaults(&info)
    jpeg_set_quality(&info, quality, 1)
    jpeg_start_compress(&info, 1)
    var copy = pixels
    copy.withUnsafeMutableBufferPointer { all in
      while info.next_scanline < info.image_height {
        var row: JSAMPROW? = all.baseAddress! + Int(info.next_scanline) * width * channels
        jpeg_write_scanlines(&info, &row, 1)
      }
    }
    jpeg_finish_compress(&info)
    jpeg_destroy_compress(&info)
    defer { free(buffer) }
    try Data(bytes: buffer!, count: Int(size)).write(to: URL(fileURLWithPath: path))
  }
}
