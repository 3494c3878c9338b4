import Foundation
import Testing
import TriscaleCore
import TriscaleGraph

/// Data-parallel training over MPI: two ranks with half the batch each must
/// reach the same weights as one rank with the whole batch.
@Suite("Distributed training")
struct DistributedTrainingTests {
  /// A small network without batch norm (per-rank batch statistics would
  /// legitimately differ from whole-batch ones).
  static func probeModel() throws -> ModelFile {
    var builder = GraphBuilder(name: "mpi-probe", inputShape: [32, 32, 3])
    try builder.append(.conv2d(Conv2DAttributes(filters: 8, kernel: 3, stride: 2)), name: "conv")
    try builder.append(.relu, name: "relu")
    try builder.append(.globalAvgPool, name: "pool")
    try builder.append(.dense(units: 10, useBias: true), name: "classifier")
    return ModelFile(
      graph: builder.graph, parameters: ParameterStore(initializing: builder.graph, seed: 9),
      metadata: [:])
  }

  /// mpirun, with the settings a root CI container needs, on shared memory only.
  static let mpirun = [
    "/usr/bin/mpirun", "-np", "2", "--allow-run-as-root", "--oversubscribe", "--mca", "btl",
    "self,vader",
  ]

  static func flags(initFrom: String, batchSize: Int, output: String) -> [String] {
    [
      "train", "--init-from", initFrom, "--dataset", "synthetic", "--train-limit", "512",
      "--epochs", "2",
      "--batch-size", String(batchSize), "--threads", "1", "--seed", "3", "--learning-rate", "0.1",
      "--schedule", "cosine", "--output", output,
    ]
  }

  /// 8 steps (2 epochs × 4) on 2 ranks × 64 against 1 rank × 128. Tolerance:
  /// every weight within 1e-5 + 1e-4·|w| (the all-reduce sums in another order).
  @Test func twoRanksMatchOneRankWithTheSameGlobalBatch() async throws {
    try #require(
      FileManager.default.isExecutableFile(atPath: Self.mpirun[0]),
      "Open MPI's mpirun is missing: run scripts/install-system-deps.sh")
    let scratch = try ScratchDirectory()
    defer { scratch.remove() }
    let initial = scratch.file("init.tsm")
    try Self.probeModel().write(path: initial)
    let single = try await TriscaleProcess.run(
      Self.flags(initFrom: initial, batchSize: 128, output: scratch.file("single.tsm")), in: scratch
    )
    single.expectSuccess()
    let distributed = try await TriscaleProcess.run(
      Self.flags(initFrom: initial, batchSize: 64, output: scratch.file("two.tsm")) + [
        "--distributed"
      ], in: scratch,
      launcher: Self.mpirun)
    distributed.expectSuccess()
    #expect(distributed.standardOutput.contains("2 rank(s)"))
    let one = try ModelFile.read(path: scratch.file("single.tsm")).parameters
    let two = try ModelFile.read(path: scratch.file("two.tsm")).parameters
    let start = try ModelFile.read(path: initial).parameters
    var moved = false
    for key in one.keys {
      let a = try #require(one[key])
      let b = try #require(two[key])
      for index in 0..<a.count {
        #expect(
          abs(a.storage[index] - b.storage[index]) <= 1e-5 + 1e-4 * abs(a.storage[index]),
          "\(key)[\(index)]")
      }
      if let initialValue = start[key], initialValue.maxAbsDifference(a) > 1e-3 { moved = true }
    }
    #expect(moved, "training must move the weights for the comparison to mean anything")
  }
}
