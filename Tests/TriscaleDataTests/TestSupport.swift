import Foundation
import Testing
import TriscaleCore

@testable import TriscaleData

/// A fresh, empty directory under the system temporary directory; remove it
/// with ``remove()`` when done.
struct TemporaryDirectory {
  let path: String

  init() throws {
    path =
      FileManager.default.temporaryDirectory
      .appendingPathComponent("triscale-data-tests-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  /// Writes `bytes` to `name` inside the directory and returns its path.
  @discardableResult
  func write(_ bytes: [UInt8], to name: String) throws -> String {
    let file = path + "/" + name
    try Data(bytes).write(to: URL(fileURLWithPath: file))
    return file
  }

  func remove() {
    try? FileManager.default.removeItem(atPath: path)
  }
}

/// The one-line message of the `TriscaleError` that `body` throws, or `nil`
/// (recording a test failure) when it throws nothing or something else.
func triscaleErrorMessage(_ body: () throws -> Void) -> String? {
  #expect(throws: TriscaleError.self) { try body() }?.description
}

/// A small dataset of `count` random 4×5×3 images over `classCount` classes.
func randomDataset(count: Int, classCount: Int = 4, seed: UInt64) throws -> Dataset {
  var random = SeededRandom(seed: seed)
  let pixels = (0..<(count * 60)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
  let labels = (0..<count).map { _ in UInt8(random.nextInt(below: classCount)) }
  return try Dataset(
    name: "random", imageShape: [4, 5, 3], classCount: classCount, pixels: pixels, labels: labels)
}
