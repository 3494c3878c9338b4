import Foundation
import TriscaleCore

/// Cuts a dataset into shuffled, augmented, normalized mini-batches, prepared
/// on a background thread while the caller trains on the previous ones.
///
/// Everything random is a pure function of the seed, the epoch and the
/// sample: the epoch's order is a permutation seeded by (seed, epoch), and
/// each sample's augmentation by (seed, epoch, dataset index). So a run that
/// resumes at `step` sees exactly the batches an uninterrupted run would, and
/// thread timing never changes a result.
///
/// With `shard: (rank, count)` every rank walks the same epoch permutation
/// and takes the positions `rank, rank + count, rank + 2·count, ...`: the
/// shards are disjoint and together cover the epoch (data-parallel training).
public final class BatchLoader: Sendable {
  /// The images and labels batches are drawn from.
  public let dataset: Dataset
  /// Images per batch.
  public let batchSize: Int
  /// How bytes become network inputs.
  public let normalization: Normalization
  /// Random changes applied to each training image.
  public let augmentation: Augmentation
  /// Whether each epoch visits the images in a fresh random order.
  public let shuffle: Bool
  /// The seed for the order and the augmentation.
  public let seed: UInt64
  /// Whether a final partial batch is dropped (training) or returned short
  /// (evaluation).
  public let dropLast: Bool
  /// This process's rank and the number of ranks sharing each epoch.
  public let shard: (rank: Int, count: Int)
  /// When set, epoch `e` draws its augmentation from view `e % augmentationViews`
  /// (its order stays the epoch's own): a fixed set of augmented copies of each
  /// image, so that a teacher's logits for every copy can be computed once
  /// (``Batch/view``). `nil`: every epoch has its own augmentation.
  public let augmentationViews: Int?
  /// Batches each epoch yields on this rank.
  ///
  /// With `dropLast` every rank gets the same number (from the smallest
  /// shard), so data-parallel ranks step in lockstep.
  public let stepsPerEpoch: Int

  /// How many batches are prepared ahead of the consumer.
  static let prefetchDepth = 2

  private let table: [Float]

  /// A loader over `dataset`.
  ///
  /// - Throws: ``TriscaleError/invalidArgument(name:problem:fix:)`` for a
  ///   batch size below 1, a shard rank outside `0..<count`, fewer than one
  ///   augmentation view, a normalization
  ///   whose channel count differs from the images', or a negative crop
  ///   padding.
  public init(
    dataset: Dataset, batchSize: Int, normalization: Normalization,
    augmentation: Augmentation = .none,
    shuffle: Bool, seed: UInt64, dropLast: Bool, shard: (rank: Int, count: Int) = (0, 1),
    augmentationViews: Int? = nil
  ) throws {
    guard batchSize > 0 else {
      throw TriscaleError.invalidArgument(
        name: "batch size", problem: "\(batchSize) is not positive",
        fix: "Use a batch size of at least 1")
    }
    guard shard.count > 0, shard.rank >= 0, shard.rank < shard.count else {
      throw TriscaleError.invalidArgument(
        name: "shard", problem: "rank \(shard.rank) of \(shard.count) is not in 0..<\(shard.count)",
        fix: "Give each process a rank from 0 to count - 1")
    }
    let channels = dataset.imageShape[2]
    guard normalization.channelCount == channels else {
      throw TriscaleError.invalidArgument(
        name: "normalization",
        problem:
          "\(normalization.channelCount) channels but \(dataset.name) images have \(channels)",
        fix: "Fit the normalization on this dataset (Normalization.fit)")
    }
    if let augmentationViews, augmentationViews < 1 {
      throw TriscaleError.invalidArgument(
        name: "augmentation views", problem: "\(augmentationViews) is not positive",
        fix: "Use nil (a fresh augmentation every epoch) or at least 1 view")
    }
    guard augmentation.padCrop >= 0 else {
      throw TriscaleError.invalidArgument(
        name: "crop padding", problem: "\(augmentation.padCrop) is negative",
        fix: "Use 0 (off) or more pixels")
    }
    self.dataset = dataset
    self.batchSize = batchSize
    self.normalization = normalization
    self.augmentation = augmentation
    self.shuffle = shuffle
    self.seed = seed
    self.dropLast = dropLast
    self.shard = shard
    self.augmentationViews = augmentationViews
    self.table = normalization.lookupTable()
    let shardSamples = Self.shardSize(total: dataset.count, shard: shard)
    self.stepsPerEpoch =
      dropLast
      ? (dataset.count / shard.count) / batchSize
      : (shardSamples + batchSize - 1) / batchSize
  }

  /// The batches of `epoch` from `step` on (steps before it are skipped
  /// without being prepared; none when `step` is past the end). Iterating starts a background thread that
  /// keeps up to two batches ready; it stops when the epoch ends or the
  /// iterator is released.
  public func batches(epoch: Int, startingAt step: Int = 0) -> BatchSequence {
    BatchSequence(loader: self, epoch: epoch, firstStep: max(step, 0))
  }

  /// The number of permutation positions `p < total` with `p % count == rank`.
  private static func shardSize(total: Int, shard: (rank: Int, count: Int)) -> Int {
    total > shard.rank ? (total - shard.rank + shard.count - 1) / shard.count : 0
  }

  /// The augmentation view `epoch` draws from: the epoch itself, or its
  /// remainder modulo ``augmentationViews``.
  public func view(of epoch: Int) -> Int {
    augmentationViews.map { epoch % $0 } ?? epoch
  }

  /// The dataset indices of `epoch` in visiting order (before sharding).
  func order(epoch: Int) -> [Int] {
    var order = Array(0..<dataset.count)
    guard shuffle else { return order }
    var random = SeededRandom(seed: SeedMixing.combine(seed, UInt64(bitPattern: Int64(epoch))))
    for position in stride(from: order.count - 1, to: 0, by: -1) {
      order.swapAt(position, random.nextInt(below: position + 1))
    }
    return order
  }

  /// Batch `step` of `epoch`, given that epoch's ``order(epoch:)``.
  func batch(epoch: Int, step: Int, order: [Int]) -> Batch {
    let shardSamples = Self.shardSize(total: dataset.count, shard: shard)
    let first = step * batchSize
    let count = min(batchSize, shardSamples - first)
    let indices = (first..<(first + count)).map { order[$0 * shard.count + shard.rank] }
    let imageBytes = dataset.imageByteCount
    let shape = dataset.imageShape
    let view = view(of: epoch)
    let epochSeed = UInt64(bitPattern: Int64(view))
    let images = [Float](unsafeUninitializedCapacity: count * imageBytes) { output, initialized in
      dataset.pixels.withUnsafeBufferPointer { pixels in
        table.withUnsafeBufferPointer { table in
          for (slot, index) in indices.enumerated() {
            var random = SeededRandom(seed: SeedMixing.combine(seed, epochSeed, UInt64(index)))
            augmentation.apply(
              pixels.baseAddress! + index * imageBytes, to: output.baseAddress! + slot * imageBytes,
              table: table.baseAddress!, shape: shape, random: &random)
          }
        }
      }
      initialized = count * imageBytes
    }
    return Batch(
      images: images, labels: indices.map { Int32(dataset.labels[$0]) }, indices: indices,
      shape: [count] + shape, view: view)
  }
}
