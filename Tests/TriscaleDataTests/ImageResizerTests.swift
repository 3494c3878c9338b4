import Testing

@testable import TriscaleData

@Suite("Image resizer and channel conversion")
struct ImageResizerTests {
  @Test("shrinking by two averages each 2×2 block")
  func areaHalves() {
    let image = RasterImage(
      height: 2, width: 4, channels: 1, pixels: [0, 10, 100, 200, 20, 30, 0, 100])
    #expect(ImageResizer.resize(image, height: 1, width: 2).pixels == [15, 100])
  }

  @Test("shrinking by a fraction weights the partly covered pixels")
  func areaFraction() {
    // 3 → 2: the first target pixel covers 1.5 source pixels: (30 + 0.5·90) / 1.5 = 50.
    let taps = ImageResizer.taps(from: 3, to: 2)
    #expect(taps[0].map(\.index) == [0, 1] && taps[1].map(\.index) == [1, 2])
    let image = RasterImage(height: 1, width: 3, channels: 1, pixels: [30, 90, 150])
    #expect(ImageResizer.resize(image, height: 1, width: 2).pixels == [50, 130])
  }

  @Test("enlarging interpolates between pixel centres and keeps the ends")
  func bilinear() {
    let image = RasterImage(height: 1, width: 2, channels: 2, pixels: [0, 100, 200, 100])
    let wide = ImageResizer.resize(image, height: 1, width: 4)
    #expect(wide.pixels == [0, 100, 50, 100, 150, 100, 200, 100])
  }

  @Test("the same size is the identity; every tap list sums to one")
  func identityAndWeights() {
    let image = RasterImage(height: 2, width: 2, channels: 3, pixels: Array(0..<12))
    #expect(ImageResizer.resize(image, height: 2, width: 2) == image)
    for (source, target) in [(7, 3), (3, 7), (32, 28), (28, 32), (5, 5)] {
      for taps in ImageResizer.taps(from: source, to: target) {
        #expect(abs(taps.reduce(0) { $0 + $1.weight } - 1) < 1e-5)
      }
    }
  }

  @Test("gray becomes RGB by repetition and RGB becomes gray by BT.601 luma")
  func channels() {
    let gray = RasterImage(height: 1, width: 2, channels: 1, pixels: [7, 200])
    #expect(gray.converted(toChannels: 3).pixels == [7, 7, 7, 200, 200, 200])
    let rgb = RasterImage(height: 1, width: 2, channels: 3, pixels: [255, 0, 0, 10, 200, 30])
    #expect(rgb.converted(toChannels: 1).pixels == [76, 124])
  }
}
