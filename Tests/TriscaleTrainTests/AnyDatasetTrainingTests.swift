import Foundation
import Testing
import TriscaleCore
import TriscaleData
import TriscaleGraph
import TriscaleTestSupport

@testable import TriscaleTrain

/// A zoo model trains through the library on datasets other than 32×32×3 /
/// ten classes: MNIST-shaped IDX, a four-class set, and a folder of PNG and
/// JPEG images; and a model that does not fit its dataset is refused.
@Suite struct AnyDatasetTrainingTests {
  /// Trains `model` built for `configuration`'s data for one epoch at batch 8.
  private func train(_ model: String, on configuration: DatasetConfiguration) throws
    -> Trainer
    .Result
  {
    let trainSet = try configuration.load(.train)
    let testSet = try configuration.load(.test)
    let graph = try ModelZoo.graph(
      named: model, inputShape: trainSet.imageShape, classCount: trainSet.classCount)
    var options = TrainingOptions()
    options.model = model
    options.epochs = 1
    options.batchSize = 8
    options.augment = false
    options.schedule = "constant"
    options.learningRate = 0.01
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("any-\(UUID())")
    defer { try? FileManager.default.removeItem(at: directory) }
    let trainer = try Trainer(
      options: options, graph: graph, trainSet: trainSet, testSet: testSet,
      normalization: configuration.normalization(train: trainSet),
      checkpointPath: directory.appendingPathComponent("run.ckpt").path)
    let result = try trainer.run(resume: false) { _ in }
    #expect(result.test?.count == testSet.count)
    #expect(
      result.parameters.keys.allSatisfy { result.parameters[$0]!.storage.allSatisfy(\.isFinite) })
    return result
  }

  /// A scratch directory for one test's dataset files.
  private func scratch() throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("data-\(UUID())").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  @Test("resnet8 trains on 28×28×1 IDX images")
  func idxMNISTShape() throws {
    let directory = try scratch()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try IDXFiles.write(
      into: directory, trainCount: 32, testCount: 10, shape: [28, 28], classCount: 10)
    _ = try train("resnet8", on: DatasetConfiguration(kind: "idx", directory: directory))
  }

  @Test("dscnn-micro trains on a four-class 20×24×3 dataset")
  func fourClasses() throws {
    let directory = try scratch()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try IDXFiles.write(
      into: directory, trainCount: 24, testCount: 8, shape: [20, 24, 3], classCount: 4)
    let result = try train(
      "dscnn-micro", on: DatasetConfiguration(kind: "idx", directory: directory))
    #expect(result.parameters["classifier.bias"]?.shape == [4])
  }

  @Test("vgg-cloud trains on a folder of PNG and JPEG images, resized to 28×28 gray")
  func imageFolder() throws {
    let directory = try scratch()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try ImageFolderFiles.write(
      into: directory, classes: ["circle", "square", "star"], perClass: 10)
    _ = try train(
      "vgg-cloud",
      on: DatasetConfiguration(
        kind: "folder", directory: directory, imageSize: [28, 28], channels: 1))
  }

  @Test("a model with other classes or input than the data is refused before training")
  func mismatchIsRefused() throws {
    let dataset = SyntheticDataset.standard(split: .train).prefix(16)
    for graph in [
      try ModelZoo.resnet8(classCount: 12), try ModelZoo.resnet8(inputShape: [28, 28, 1]),
    ] {
      let error = #expect(throws: TriscaleError.self) {
        try Trainer(
          options: TrainingOptions(), graph: graph, trainSet: dataset, testSet: nil,
          normalization: .fit(dataset), checkpointPath: "/nonexistent/run.ckpt")
      }
      #expect(
        error?.description.contains("but the dataset has 32×32×3 images in 10 classes") == true)
    }
  }
}
