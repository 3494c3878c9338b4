import Foundation
import TriscaleCore

/// Writes the four files of an IDX dataset in the MNIST layout
/// (`train-images-idx3-ubyte`, `train-labels-idx1-ubyte`, `t10k-…`) with
/// seeded pixels and labels cycling through the classes.
public enum IDXFiles {
  /// The file names, training split first: images then labels.
  public static let names = [
    "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
    "t10k-labels-idx1-ubyte",
  ]

  /// Writes `trainCount` and `testCount` images of `shape` ([H, W] stored
  /// with magic 0x00000803, [H, W, C] with 0x00000804) and their labels
  /// (0x00000801) over `classCount` classes into `directory`.
  public static func write(
    into directory: String, trainCount: Int, testCount: Int, shape: [Int], classCount: Int,
    seed: UInt64 = 11
  ) throws {
    var random = SeededRandom(seed: seed)
    let imageBytes = shape.reduce(1, *)
    for (split, count) in [(0, trainCount), (2, testCount)] {
      let pixels = (0..<(count * imageBytes)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
      let images =
        header(magic: UInt32(0x0800 + 1 + shape.count), extents: [count] + shape) + pixels
      let labels =
        header(magic: 0x0801, extents: [count]) + (0..<count).map { UInt8($0 % classCount) }
      try Data(images).write(to: URL(fileURLWithPath: directory + "/" + names[split]))
      try Data(labels).write(to: URL(fileURLWithPath: directory + "/" + names[split + 1]))
    }
  }

  /// An IDX header: the magic number then each extent, all big-endian 32-bit.
  public static func header(magic: UInt32, extents: [Int]) -> [UInt8] {
    ([magic] + extents.map { UInt32($0) }).flatMap { value in
      [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) }
    }
  }
}
