import Foundation
import Testing
import TriscaleCore
import TriscaleGraph

@testable import TriscaleTrain

@Suite("Checkpoints")
struct CheckpointTests {
  private let directory = FileManager.default.temporaryDirectory
    .appendingPathComponent(
      "triscale-checkpoint-tests-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")

  /// Seeded normal gradients for every trainable parameter of `graph`.
  private func gradients(for graph: Graph, random: inout SeededRandom) -> ParameterStore {
    var store = ParameterStore()
    for spec in graph.parameterSpecs where spec.role.isTrainable {
      store[spec.key] = Tensor(
        shape: spec.shape, storage: (0..<spec.elementCount).map { _ in random.nextNormal() })
    }
    return store
  }

  private func bitPatterns(_ store: ParameterStore) -> [[UInt32]] {
    store.keys.map { store[$0]?.storage.map(\.bitPattern) ?? [] }
  }

  @Test("a checkpoint written and loaded again is equal in every field")
  func roundTrip() throws {
    defer { try? FileManager.default.removeItem(at: directory) }
    let graph = try ModelZoo.resnet8()
    var random = SeededRandom(seed: 3)
    var optimizer = try AdamW()
    var parameters = ParameterStore(initializing: graph, seed: 3)
    try optimizer.step(
      parameters: &parameters, gradients: gradients(for: graph, random: &random), learningRate: 0.01
    )
    let checkpoint = Checkpoint(
      graph: graph, parameters: parameters, metadata: ["dataset": "cifar10", "epochs": "30"],
      epoch: 4,
      stepInEpoch: 117, globalStep: 1_681, optimizerName: optimizer.name,
      optimizerStepCount: optimizer.stepCount,
      optimizerState: optimizer.state, seed: .max, bestAccuracy: 0.8734)
    let path = directory.appendingPathComponent("run/last.ckpt").path
    try checkpoint.write(path: path)
    let loaded = try Checkpoint.load(path: path)
    #expect(loaded == checkpoint)
    #expect(loaded.bestAccuracy == 0.8734)
    #expect(bitPatterns(loaded.optimizerState) == bitPatterns(checkpoint.optimizerState))
    // It is also an ordinary model file.
    let model = try ModelFile.read(path: path)
    #expect(model.metadata["checkpoint.global_step"] == "1681")
    #expect(
      model.extraTensors.keys.count == 2 * graph.parameterSpecs.filter(\.role.isTrainable).count)
  }

  @Test("a checkpoint without an accuracy keeps it absent")
  func noAccuracy() throws {
    let graph = try ModelZoo.dscnnMicro()
    let checkpoint = Checkpoint(
      graph: graph, parameters: ParameterStore(initializing: graph, seed: 1), epoch: 0,
      stepInEpoch: 0,
      globalStep: 0, optimizerName: "sgd", optimizerStepCount: 0, optimizerState: ParameterStore(),
      seed: 9)
    let decoded = try Checkpoint(
      ModelFile.decode(checkpoint.modelFile.encoded(), path: "x"), path: "x")
    #expect(decoded == checkpoint)
    #expect(decoded.bestAccuracy == nil)
  }

  @Test("a plain model file is not a checkpoint")
  func plainModel() throws {
    let graph = try ModelZoo.dscnnMicro()
    let file = ModelFile(graph: graph, parameters: ParameterStore(initializing: graph, seed: 1))
    #expect { _ = try Checkpoint(file, path: "model.triscale") } throws: {
      "\($0)" == "model.triscale: checkpoint field 'checkpoint.epoch' is missing or malformed. "
        + "Resume from a checkpoint written by `triscale train`, not a plain model"
    }
  }

  @Test(
    "resuming from a checkpoint gives bit-identical parameters and state",
    arguments: ["sgd-nesterov", "adamw"])
  func resume(optimizerKind: String) throws {
    defer { try? FileManager.default.removeItem(at: directory) }
    func makeOptimizer() throws -> any Optimizer {
      optimizerKind == "adamw"
        ? try AdamW() : try SGD(momentum: 0.9, nesterov: true, weightDecay: 5e-4)
    }
    let graph = try ModelZoo.resnet8()
    var random = SeededRandom(seed: 11)
    let steps = (0..<4).map { _ in gradients(for: graph, random: &random) }

    var straight = try makeOptimizer()
    var parameters = ParameterStore(initializing: graph, seed: 11)
    for gradient in steps[0..<2] {
      try straight.step(parameters: &parameters, gradients: gradient, learningRate: 0.05)
    }
    let path = directory.appendingPathComponent("resume-\(optimizerKind).ckpt").path
    try Checkpoint(
      graph: graph, parameters: parameters, epoch: 0, stepInEpoch: 2, globalStep: 2,
      optimizerName: straight.name,
      optimizerStepCount: straight.stepCount, optimizerState: straight.state, seed: 11
    ).write(path: path)
    for gradient in steps[2...] {
      try straight.step(parameters: &parameters, gradients: gradient, learningRate: 0.05)
    }

    let checkpoint = try Checkpoint.load(path: path)
    var resumed = try makeOptimizer()
    try resumed.load(state: checkpoint.optimizerState, stepCount: checkpoint.optimizerStepCount)
    var resumedParameters = checkpoint.parameters
    for gradient in steps[2...] {
      try resumed.step(parameters: &resumedParameters, gradients: gradient, learningRate: 0.05)
    }
    #expect(resumed.stepCount == 4)
    #expect(bitPatterns(resumedParameters) == bitPatterns(parameters))
    #expect(bitPatterns(resumed.state) == bitPatterns(straight.state))
    #expect(resumed.state.keys == straight.state.keys)
  }
}
