import Foundation
import Testing
import TriscaleCore
import TriscaleData
import TriscaleDeploy
import TriscaleEngine
import TriscaleGraph
import TriscaleInt8
import TriscaleOptimize

/// The real CIFAR-10 binaries, located from this file:
/// <package>/Tests/TriscaleDeployTests → <package>/../shared/datasets/cifar10.
private let cifarDirectory = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent()
  .appendingPathComponent("../../../shared/datasets/cifar10").standardized.path

/// The whole int8 path on real images: a small model (`dscnn-micro` with
/// seeded weights and batch-norm statistics) quantized by post-training
/// quantization calibrated on CIFAR-10 training images, exported to TFLite,
/// and run on 1,000 CIFAR-10 test images by Triscale's int8 runtime and by
/// LiteRT's reference kernels: every int8 output must be identical.
@Suite(
  "Int8 TFLite export on CIFAR-10",
  .enabled(
    if: FileManager.default.fileExists(atPath: cifarDirectory + "/test_batch.bin"),
    "CIFAR-10 not found at \(cifarDirectory)"))
struct TFLiteCIFARInt8Tests {
  @Test("LiteRT's reference kernels and Triscale agree on 1,000 CIFAR-10 test images")
  func identicalOnRealImages() throws {
    let graph = try ModelZoo.graph(named: "dscnn-micro")
    var parameters = ParameterStore(initializing: graph, seed: 3)
    var random = SeededRandom(seed: 4)
    for spec in graph.parameterSpecs where spec.role == .gamma || spec.role == .beta {
      parameters[spec.key] = Tensor(
        shape: spec.shape,
        storage: (0..<spec.elementCount).map { _ in 0.2 + random.nextUniform() })
    }
    let train = try CIFAR10Reader.load(directory: cifarDirectory, split: .train).prefix(200)
    let test = try CIFAR10Reader.load(directory: cifarDirectory, split: .test).prefix(1000)
    let model = try PostTrainingQuantizer.quantize(
      graph: graph, parameters: parameters, calibration: train, normalization: .cifar10,
      images: 200)
    let loader = try BatchLoader(
      dataset: test, batchSize: test.count, normalization: .cifar10, shuffle: false, seed: 0,
      dropLast: false)
    let images = Array(loader.batches(epoch: 0))[0].images
    let executor = try Int8Executor(model: model)
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
    let actual = try LiteRT.run(
      model: TFLiteExporter.encode(model), int8s: inputs, kernels: .reference, label: "cifar")
    #expect(actual.count == expected.count)
    let differing = zip(actual, expected).filter { $0 != $1 }.count
    #expect(differing == 0, "\(differing) of \(expected.count) int8 outputs differ")
    #expect(Set(expected).count > 10, "outputs should vary across images")
  }
}
