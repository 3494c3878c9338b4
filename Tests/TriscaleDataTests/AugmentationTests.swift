import Testing

@testable import TriscaleData

@Suite("Augmentation")
struct AugmentationTests {
  /// 64 random 4×5×3 images with the identity normalization (byte / 255).
  private let dataset: Dataset
  private let identity: Normalization

  init() throws {
    dataset = try randomDataset(count: 64, seed: 8)
    identity = try Normalization(mean: [0, 0, 0], std: [1, 1, 1])
  }

  /// Each image of one batch over the whole set, by dataset index.
  private func images(_ augmentation: Augmentation) throws -> [Int: [Float]] {
    let loader = try BatchLoader(
      dataset: dataset, batchSize: 64, normalization: identity, augmentation: augmentation,
      shuffle: true,
      seed: 5, dropLast: true)
    let batch = Array(loader.batches(epoch: 0))[0]
    var result: [Int: [Float]] = [:]
    for (slot, index) in batch.indices.enumerated() {
      result[index] = Array(batch.images[(slot * 60)..<((slot + 1) * 60)])
    }
    return result
  }

  /// The value of pixel (y, x, channel) of `image` shifted by (dy, dx),
  /// optionally mirrored, with zeros outside.
  private func transformed(_ image: [Float], dy: Int, dx: Int, mirror: Bool) -> [Float] {
    (0..<60).map { offset in
      let (y, x, channel) = (offset / 15, (offset / 3) % 5, offset % 3)
      let sourceY = y + dy
      let sourceX = (mirror ? 4 - x : x) + dx
      guard (0..<4).contains(sourceY), (0..<5).contains(sourceX) else { return 0 }
      return image[(sourceY * 5 + sourceX) * 3 + channel]
    }
  }

  @Test func flipMirrorsAboutHalfTheImages() throws {
    let plain = try images(.none)
    let flipped = try images(Augmentation(padCrop: 0, horizontalFlip: true))
    var mirrored = 0
    for (index, image) in flipped {
      let original = try #require(plain[index])
      let mirror = transformed(original, dy: 0, dx: 0, mirror: true)
      #expect(image == original || image == mirror)
      if image == mirror { mirrored += 1 }
    }
    #expect(mirrored > 16 && mirrored < 48, "\(mirrored) of 64 mirrored")
  }

  @Test func padCropShiftsWithinThePaddingAndFillsZeros() throws {
    let plain = try images(.none)
    let cropped = try images(Augmentation(padCrop: 2, horizontalFlip: false))
    var shifts = Set<[Int]>()
    for (index, image) in cropped {
      let original = try #require(plain[index])
      let matches = (-2...2).flatMap { dy in (-2...2).map { dx in [dy, dx] } }
        .filter { transformed(original, dy: $0[0], dx: $0[1], mirror: false) == image }
      #expect(!matches.isEmpty)
      shifts.formUnion(matches)
    }
    #expect(shifts.count > 10)
  }
}
