import Testing
import TriscaleCore

@testable import TriscaleData

@Suite("Batch loader")
struct BatchLoaderTests {
  private let dataset = SyntheticDataset.make(count: 300, seed: 21)

  private func loader(
    batchSize: Int = 32, augmentation: Augmentation = Augmentation(), shuffle: Bool = true,
    dropLast: Bool = true,
    shard: (rank: Int, count: Int) = (0, 1)
  ) throws -> BatchLoader {
    try BatchLoader(
      dataset: dataset, batchSize: batchSize, normalization: .fit(dataset),
      augmentation: augmentation,
      shuffle: shuffle, seed: 99, dropLast: dropLast, shard: shard)
  }

  @Test func resumingMidEpochReproducesTheUninterruptedBatches() throws {
    let uninterrupted = Array(try loader().batches(epoch: 4))
    #expect(uninterrupted.count == 9)
    // A new loader, as after a restart from a checkpoint taken after step 5.
    let resumed = Array(try loader().batches(epoch: 4, startingAt: 5))
    #expect(resumed == Array(uninterrupted[5...]))
  }

  @Test func epochsDifferInOrderAndAugmentation() throws {
    let loader = try loader()
    let first = Array(loader.batches(epoch: 0))
    let second = Array(loader.batches(epoch: 1))
    #expect(first[0].indices != second[0].indices)
    #expect(Set(first.flatMap(\.indices)).count == 288)
    // An image drawn in both epochs gets different random crops and flips.
    let index = try #require(first[0].indices.first { second.flatMap(\.indices).contains($0) })
    let images = try [first, second].map { batches in try image(index, in: batches) }
    #expect(images[0] != images[1])
  }

  /// The floats of dataset image `index` within `batches`.
  private func image(_ index: Int, in batches: [Batch]) throws -> ArraySlice<Float> {
    let batch = try #require(batches.first { $0.indices.contains(index) })
    let slot = try #require(batch.indices.firstIndex(of: index))
    return batch.images[(slot * 3072)..<((slot + 1) * 3072)]
  }

  @Test func shardsAreDisjointAndCoverTheEpoch() throws {
    let whole = try loader(batchSize: 25, dropLast: false)
    let shards = try (0..<3).map { try loader(batchSize: 25, dropLast: false, shard: ($0, 3)) }
    let indices = shards.map { Array($0.batches(epoch: 2)).flatMap(\.indices) }
    #expect(indices.map(\.count) == [100, 100, 100])
    #expect(Set(indices.joined()).count == 300)
    #expect(Set(indices.joined()) == Set(0..<300))
    // Each sample is augmented the same way whichever rank draws it.
    let reference = Array(whole.batches(epoch: 2))
    let shardBatch = Array(shards[1].batches(epoch: 2))[0]
    for (slot, index) in shardBatch.indices.enumerated() {
      #expect(
        try shardBatch.images[(slot * 3072)..<((slot + 1) * 3072)] == image(index, in: reference))
    }
  }

  @Test func shardsStepInLockstepWhenDroppingTheRemainder() throws {
    // 300 images over 7 ranks: shard sizes 43 and 42; 42 / 8 = 5 steps each.
    let shards = try (0..<7).map { try loader(batchSize: 8, shard: ($0, 7)) }
    #expect(shards.allSatisfy { $0.stepsPerEpoch == 5 })
    let indices = shards.flatMap { Array($0.batches(epoch: 0)).flatMap(\.indices) }
    #expect(indices.count == 7 * 5 * 8)
    #expect(Set(indices).count == indices.count)
  }

  @Test func lastPartialBatchIsDroppedOrReturnedShort() throws {
    let dropping = try loader(batchSize: 64, dropLast: true)
    let keeping = try loader(batchSize: 64, dropLast: false)
    #expect(dropping.stepsPerEpoch == 4)
    #expect(keeping.stepsPerEpoch == 5)
    let batches = Array(keeping.batches(epoch: 0))
    #expect(batches.map(\.count) == [64, 64, 64, 64, 44])
    #expect(batches[4].images.count == 44 * 3072)
    #expect(batches[4].shape == [44, 32, 32, 3])
  }

  @Test func normalizedBatchesHaveZeroMeanAndUnitSpread() throws {
    let loader = try loader(batchSize: 50, augmentation: .none, dropLast: false)
    var sums = [Double](repeating: 0, count: 3)
    var squares = [Double](repeating: 0, count: 3)
    var values = 0
    for batch in loader.batches(epoch: 0) {
      for (offset, value) in batch.images.enumerated() {
        sums[offset % 3] += Double(value)
        squares[offset % 3] += Double(value) * Double(value)
      }
      values += batch.images.count / 3
    }
    for channel in 0..<3 {
      let mean = sums[channel] / Double(values)
      #expect(abs(mean) < 1e-4)
      #expect(abs(squares[channel] / Double(values) - mean * mean - 1) < 1e-3)
    }
  }

  @Test func unshuffledUnaugmentedBatchesAreTheNormalizedPixels() throws {
    let normalization = try Normalization(mean: [0.5, 0.25, 0], std: [0.5, 0.25, 2])
    let loader = try BatchLoader(
      dataset: dataset, batchSize: 10, normalization: normalization, augmentation: .none,
      shuffle: false, seed: 0,
      dropLast: true)
    let batch = Array(loader.batches(epoch: 7, startingAt: 3).prefix(1))[0]
    #expect(batch.indices == Array(30..<40))
    #expect(batch.labels == dataset.labels[30..<40].map(Int32.init))
    for offset in stride(from: 0, to: batch.images.count, by: 97) {
      let channel = offset % 3
      let expected =
        (Float(dataset.pixels[30 * 3072 + offset]) / 255 - normalization.mean[channel])
        / normalization.std[channel]
      #expect(abs(batch.images[offset] - expected) < 1e-6)
    }
  }

  @Test func stoppingEarlyReleasesTheProducer() throws {
    let loader = try loader(batchSize: 4)
    for _ in 0..<20 {
      var iterator = loader.batches(epoch: 0).makeIterator()
      #expect(iterator.next()?.count == 4)
    }
    #expect(Array(loader.batches(epoch: 0, startingAt: 1_000)).isEmpty)
  }

  @Test func invalidSettingsAreRejected() throws {
    let badBatch = triscaleErrorMessage { _ = try loader(batchSize: 0) }
    #expect(badBatch?.contains("invalid batch size: 0 is not positive") == true)
    let badRank = triscaleErrorMessage { _ = try loader(shard: (3, 3)) }
    #expect(badRank?.contains("rank 3 of 3 is not in 0..<3") == true)
    let badChannels = triscaleErrorMessage {
      _ = try BatchLoader(
        dataset: dataset, batchSize: 8, normalization: try Normalization(mean: [0.5], std: [0.5]),
        shuffle: false,
        seed: 0, dropLast: false)
    }
    #expect(badChannels?.contains("1 channels but synthetic-seed21 images have 3") == true)
  }
}
