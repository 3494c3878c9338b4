import Foundation
import Testing
import TriscaleCore
import TriscaleData
import TriscaleEngine
import TriscaleGraph

@testable import TriscaleTrain

/// The teacher-logit cache: its views are the images a loader with the same
/// seed trains on, and its file refuses damage.
@Suite("Teacher logits")
struct TeacherLogitsTests {
  private static func setting() throws -> (Dataset, Normalization, FloatInferenceModel) {
    let dataset = SyntheticDataset.make(count: 40, seed: 5)
    let normalization = Normalization.fit(dataset)
    let graph = try ModelZoo.dscnnMicro(
      inputShape: dataset.imageShape, classCount: dataset.classCount)
    let model = try FloatInferenceModel(
      graph: graph, parameters: ParameterStore(initializing: graph, seed: 3), batchSize: 8)
    return (dataset, normalization, model)
  }

  @Test(
    "view v of image i holds the teacher's logits of the batch a loader with views draws in epoch v (and v + views)"
  )
  func viewsMatchTheTrainingLoader() throws {
    let (dataset, normalization, model) = try Self.setting()
    let views = 2
    let cache = try TeacherLogits.compute(
      teacher: model, dataset: dataset, normalization: normalization,
      augmentation: Augmentation(), seed: 9, views: views, key: "k")
    let loader = try BatchLoader(
      dataset: dataset, batchSize: 8, normalization: normalization, augmentation: Augmentation(),
      shuffle: true, seed: 9, dropLast: true, augmentationViews: views)
    for epoch in [1, 3] {
      let batch = try #require(Array(loader.batches(epoch: epoch)).first)
      #expect(batch.view == 1)
      let direct = try batch.images.withUnsafeBufferPointer { try model.logits(for: $0) }
      let cached = try cache.logits(view: batch.view, indices: batch.indices)
      #expect(zip(direct, cached).allSatisfy { abs($0 - $1) <= 1e-5 * max(1, abs($0)) })
    }
    let other = try cache.logits(view: 0, indices: [0])
    #expect(other != (try cache.logits(view: 1, indices: [0])), "views are different augmentations")
  }

  @Test("a bf16 teacher's logits are its fp32 logits within bf16's rounding")
  func bf16TeacherAgreesWithFP32() throws {
    let (dataset, normalization, model) = try Self.setting()
    let bf16 = try FloatInferenceModel(
      graph: model.graph,
      parameters: ParameterStore(initializing: model.graph, seed: 3), batchSize: 8,
      precision: .bf16)
    let exact = try TeacherLogits.compute(
      teacher: model, dataset: dataset, normalization: normalization,
      augmentation: Augmentation(), seed: 9, views: 1, key: "k")
    let rounded = try TeacherLogits.compute(
      teacher: bf16, dataset: dataset, normalization: normalization,
      augmentation: Augmentation(), seed: 9, views: 1, key: "k")
    let scale = exact.values.map(abs).max() ?? 1
    #expect(zip(exact.values, rounded.values).allSatisfy { abs($0 - $1) <= 0.05 * scale })
    #expect(exact.values != rounded.values, "bf16 rounds")
  }

  @Test(
    "a loader with views repeats each image's augmentation every `views` epochs, in a new order")
  func loaderCyclesViews() throws {
    let (dataset, normalization, _) = try Self.setting()
    let loader = try BatchLoader(
      dataset: dataset, batchSize: 40, normalization: normalization, augmentation: Augmentation(),
      shuffle: true, seed: 2, dropLast: true, augmentationViews: 3)
    func imagesByIndex(_ epoch: Int) throws -> [Int: ArraySlice<Float>] {
      let batch = try #require(Array(loader.batches(epoch: epoch)).first)
      let size = dataset.imageByteCount
      return Dictionary(
        uniqueKeysWithValues: batch.indices.enumerated().map {
          ($1, batch.images[($0 * size)..<(($0 + 1) * size)])
        })
    }
    let first = try Array(loader.batches(epoch: 0)).first?.indices
    let fourth = try Array(loader.batches(epoch: 3)).first?.indices
    #expect(first != fourth)
    #expect(try imagesByIndex(0) == imagesByIndex(3))
    #expect(try imagesByIndex(0) != imagesByIndex(1))
    #expect(throws: TriscaleError.self) {
      try BatchLoader(
        dataset: dataset, batchSize: 4, normalization: normalization, shuffle: true, seed: 1,
        dropLast: true, augmentationViews: 0)
    }
  }

  @Test("the file round-trips and refuses a flipped byte, a cut file and inconsistent counts")
  func fileRoundTripAndDamage() throws {
    let logits = try TeacherLogits(
      key: "teacher abc", views: 2, imageCount: 3, classCount: 4,
      values: (0..<24).map { Float($0) - 7.5 })
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "triscale-teacher-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("t.tstl").path
    try TeacherLogitsFile.write(logits, to: path)
    #expect(try TeacherLogitsFile.read(path: path) == logits)
    let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    var flipped = bytes
    flipped[40] ^= 1
    // A huge image count with a valid checksum: the size check, not the arithmetic, refuses it.
    var huge = Array(bytes.dropLast(4))
    huge[12...15] = [0xFF, 0xFF, 0xFF, 0x7F]
    withUnsafeBytes(of: CRC32.checksum(huge).littleEndian) { huge += $0 }
    for damaged in [flipped, Array(bytes.dropLast(5)), huge, Array(bytes.prefix(10))] {
      try Data(damaged).write(to: URL(fileURLWithPath: path))
      #expect(throws: TriscaleError.self) { try TeacherLogitsFile.read(path: path) }
    }
  }
}
