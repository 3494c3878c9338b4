import Foundation
import Testing
import TriscaleGraph

#if canImport(Glibc)
  import Glibc
#endif

/// `triscale train` killed with SIGKILL mid-epoch and re-run with `--resume`
/// continues from the last checkpoint and ends with the same weights as an
/// uninterrupted run with the same seed; no checkpoint is ever half-written.
@Suite("Kill and resume")
struct ResumeTests {
  /// A 48-step run (3 epochs of 16 steps) that checkpoints every 4 steps; one
  /// thread so that oneDNN is deterministic.
  private static func trainArguments(output: String) -> [String] {
    [
      "train", "--dataset", "synthetic", "--train-limit", "2048", "--model", "dscnn-micro",
      "--batch-size", "32",
      "--epochs", "2", "--checkpoint-every", "4", "--threads", "1", "--seed", "5", "--output",
      output,
    ]
  }

  /// An integer checkpoint counter from the file's metadata.
  private static func counter(_ name: String, in file: ModelFile) throws -> Int {
    try #require(
      file.metadata["checkpoint." + name].flatMap { Int($0) }, "checkpoint.\(name) is missing")
  }

  /// The keys whose tensors differ, bit for bit, between two stores (missing keys included).
  private static func differingKeys(_ first: ParameterStore, _ second: ParameterStore) -> [String] {
    Array(Set(first.keys).union(second.keys)).sorted().filter { key in
      first[key]?.shape != second[key]?.shape
        || first[key]?.storage.map(\.bitPattern) != second[key]?.storage.map(\.bitPattern)
    }
  }

  @Test func killedRunResumesToTheSameWeights() async throws {
    let scratch = try ScratchDirectory()
    defer { scratch.remove() }
    let modelA = try scratch.subdirectory("A") + "/model.tsm"
    let directoryB = try scratch.subdirectory("B")
    let modelB = directoryB + "/model.tsm"
    let checkpointB = modelB + ".ckpt"

    let uninterrupted = try TriscaleProcess.start(Self.trainArguments(output: modelA), in: scratch)
    let victim = try TriscaleProcess.start(Self.trainArguments(output: modelB), in: scratch)

    defer { for run in [uninterrupted, victim] where run.isRunning { run.kill() } }
    let killed = await MidEpochKill.kill(victim) { checkpointB }
    let interrupted = try await victim.finish()
    try #require(killed, "output of the run: \(interrupted.standardOutput)")
    #expect(
      !interrupted.exitedNormally && interrupted.status == SIGKILL,
      "not killed: \(interrupted.status)")

    // What the kill left behind: an intact checkpoint of unfinished work and no model.
    let checkpoint = try ModelFile.read(path: checkpointB)
    let epoch = try Self.counter("epoch", in: checkpoint)
    let step = try Self.counter("step_in_epoch", in: checkpoint)
    #expect(epoch < 3, "the checkpoint is of the finished run (epoch \(epoch))")
    #expect(!FileManager.default.fileExists(atPath: modelB), "the killed run wrote its final model")
    let entries = try FileManager.default.contentsOfDirectory(atPath: directoryB)
    #expect(
      entries.filter { !$0.hasPrefix(".") } == ["model.tsm.ckpt"],
      "files after the kill: \(entries)")
    for leftover in entries where leftover.hasPrefix(".") {
      #expect(
        leftover.hasPrefix(".model.tsm.ckpt.tmp-\(victim.processIdentifier)-"),
        "unexpected file \(leftover)")
    }

    let resumed = try await TriscaleProcess.run(
      Self.trainArguments(output: modelB) + ["--resume"], in: scratch)
    resumed.expectSuccess()
    #expect(
      resumed.standardOutput.contains("resuming at epoch \(epoch + 1), step \(step)"),
      "\(resumed.standardOutput)")
    try await uninterrupted.finish().expectSuccess()

    let weightsA = try ModelFile.read(path: modelA).parameters
    let weightsB = try ModelFile.read(path: modelB).parameters
    #expect(!weightsA.keys.isEmpty)
    let differing = Self.differingKeys(weightsA, weightsB)
    #expect(differing == [], "parameters that differ after the resume: \(differing)")
    if differing.isEmpty {
      #expect(weightsA == weightsB, "same bits but unequal stores (order or NaN)")
    }
  }

  @Test func checkpointFromDifferentFlagsIsRefused() async throws {
    let scratch = try ScratchDirectory()
    defer { scratch.remove() }
    let model = scratch.file("model.tsm")
    let arguments = ["train", "--train-limit", "64"] + TinyTraining.flags(output: model)
    try await TriscaleProcess.run(arguments, in: scratch).expectSuccess()

    let sameFlags = try await TriscaleProcess.run(arguments + ["--resume"], in: scratch)
    sameFlags.expectSuccess()
    #expect(
      sameFlags.standardOutput.contains("resuming at epoch 2, step 0"),
      "\(sameFlags.standardOutput)")

    let otherFlags = try await TriscaleProcess.run(
      arguments + ["--resume", "--learning-rate", "0.05"], in: scratch)
    otherFlags.expectOneLineError(
      mentioning: [model + ".ckpt", "different training options", "Resume with the same flags"])
  }
}
