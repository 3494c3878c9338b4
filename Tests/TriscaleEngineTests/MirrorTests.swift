import Testing

@testable import TriscaleEngine

@Suite("Test-time mirroring")
struct MirrorTests {
  @Test("mirroring reverses each row's pixels, keeps channels together, and undoes itself")
  func mirrorReversesRows() {
    // Two images of 2x3 pixels with 2 channels; pixel value = 10·x + channel (+100 per row).
    let shape = [2, 3, 2]
    var images: [Float] = []
    for _ in 0..<2 {
      for y in 0..<2 {
        for x in 0..<3 {
          for channel in 0..<2 { images.append(Float(100 * y + 10 * x + channel)) }
        }
      }
    }
    let mirrored = Evaluator.mirror(images, shape: shape)
    #expect(Array(mirrored[0..<6]) == [20, 21, 10, 11, 0, 1])
    #expect(Array(mirrored[18..<24]) == [120, 121, 110, 111, 100, 101])
    #expect(Evaluator.mirror(mirrored, shape: shape) == images)
  }
}
