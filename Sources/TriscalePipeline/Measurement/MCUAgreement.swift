import Foundation
import TriscaleData
import TriscaleDeploy
import TriscaleGraph
import TriscaleInt8

/// A generated microcontroller project run on real test images against the
/// host runtime: the images are normalized and quantized as the evaluator
/// does, run by ``Int8Executor`` and by the built project (the host binary,
/// or the ELF under QEMU), and compared output by output.
public struct MCUAgreement: Equatable, Sendable {
  /// Images run.
  public var images: Int
  /// Images whose int8 outputs equal the host runtime's in every element.
  public var identicalImages: Int
  /// Top-1 accuracy of the project's outputs (argmax, first maximum) on the labels.
  public var accuracy: Double
  /// Top-1 accuracy of the host runtime's outputs.
  public var hostAccuracy: Double
  /// What the run printed: timer ticks and stack high-water mark (bare-metal runs).
  public var run: MCUProjectRun.Result

  /// Runs the built project in `directory` for `target` on the first
  /// `count` images of `dataset`, and `prepared` on the host beside it.
  public init(
    directory: String, target: MCUTarget, prepared: Int8PreparedModel, dataset: Dataset,
    normalization: Normalization, count: Int
  ) throws {
    let test = dataset.prefix(min(count, dataset.count))
    let model = prepared.model
    try test.checkMatches(
      modelName: model.name, inputShape: model.input.shape, classCount: model.output.elementCount)
    let loader = try BatchLoader(
      dataset: test, batchSize: test.count, normalization: normalization, shuffle: false, seed: 0,
      dropLast: false)
    let images = Array(loader.batches(epoch: 0))[0].images
    let executor = Int8Executor(prepared: prepared)
    let pixels = model.input.elementCount
    var inputs: [Int8] = []
    var expected: [Int8] = []
    try images.withUnsafeBufferPointer { all in
      for index in 0..<test.count {
        let image = model.quantizeInput(
          UnsafeBufferPointer(rebasing: all[(index * pixels)..<((index + 1) * pixels)]))
        inputs += image
        expected += try executor.run(image)
      }
    }
    run = try MCUProjectRun.run(directory: directory, target: target, input: inputs)
    let width = model.output.elementCount
    func rows(_ values: [Int8]) -> [ArraySlice<Int8>] {
      stride(from: 0, to: values.count, by: width).map {
        values[$0..<min($0 + width, values.count)]
      }
    }
    let (actualRows, expectedRows) = (rows(run.outputs), rows(expected))
    func accuracy(_ rows: [ArraySlice<Int8>]) -> Double {
      let correct = zip(rows, test.labels).filter { row, label in
        row.indices.max { row[$0] < row[$1] || (row[$0] == row[$1] && $0 > $1) }
          .map { $0 - row.startIndex } == Int(label)
      }.count
      return Double(correct) / Double(max(test.count, 1))
    }
    self.images = test.count
    identicalImages = zip(actualRows, expectedRows).filter { $0 == $1 }.count
    self.accuracy = accuracy(actualRows)
    hostAccuracy = accuracy(expectedRows)
  }
}
