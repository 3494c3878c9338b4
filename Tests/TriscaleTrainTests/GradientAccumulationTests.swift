import Foundation
import Testing
import TriscaleCore
import TriscaleData
import TriscaleGraph

@testable import TriscaleTrain

/// `--accumulate N` at batch B must give the same update as one step at batch N·B.
@Suite struct GradientAccumulationTests {
  /// A small network without batch norm, so micro-batch statistics cannot differ.
  static func graph() throws -> Graph {
    var builder = GraphBuilder(name: "accumulation-probe", inputShape: [32, 32, 3])
    try builder.append(.conv2d(Conv2DAttributes(filters: 8, kernel: 3, stride: 2)), name: "conv")
    try builder.append(.relu, name: "relu")
    try builder.append(.globalAvgPool, name: "pool")
    try builder.append(.dense(units: 10, useBias: true), name: "classifier")
    return builder.graph
  }

  func train(batchSize: Int, accumulate: Int, optimizer: String) throws -> ParameterStore {
    var options = TrainingOptions()
    options.epochs = 2
    options.batchSize = batchSize
    options.accumulate = accumulate
    options.optimizer = optimizer
    options.learningRate = optimizer == "sgd" ? 0.1 : 0.01
    options.schedule = "cosine:warmup=1"
    options.seed = 3
    let dataset = SyntheticDataset.standard(split: .train).prefix(384)
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "accumulate-\(UUID())")
    defer { try? FileManager.default.removeItem(at: directory) }
    let trainer = try Trainer(
      options: options, graph: Self.graph(), trainSet: dataset, testSet: nil,
      normalization: .fit(dataset),
      checkpointPath: directory.appendingPathComponent("run.ckpt").path)
    return try trainer.run(resume: false) { _ in }.parameters
  }

  /// 6 steps (2 epochs × 3) of 4 × 32 against 6 steps of 128. Tolerance: every
  /// weight within 1e-5 + 1e-4·|w| (fp32 summation order differs).
  @Test(arguments: ["sgd", "adamw"])
  func accumulatingFourBatchesOf32EqualsOneBatchOf128(optimizer: String) throws {
    let accumulated = try train(batchSize: 32, accumulate: 4, optimizer: optimizer)
    let whole = try train(batchSize: 128, accumulate: 1, optimizer: optimizer)
    let initial = ParameterStore(initializing: try Self.graph(), seed: 3)
    var moved = false
    for key in whole.keys {
      let a = try #require(accumulated[key])
      let b = try #require(whole[key])
      for index in 0..<a.count {
        #expect(
          abs(a.storage[index] - b.storage[index]) <= 1e-5 + 1e-4 * abs(b.storage[index]),
          "\(key)[\(index)]")
      }
      if let start = initial[key], start.maxAbsDifference(b) > 1e-3 { moved = true }
    }
    #expect(moved, "training must change the weights for the comparison to mean anything")
  }

  @Test func accumulationBelowOneIsRejected() {
    var options = TrainingOptions()
    options.accumulate = 0
    #expect(throws: TriscaleError.self) { try options.validate() }
  }
}
