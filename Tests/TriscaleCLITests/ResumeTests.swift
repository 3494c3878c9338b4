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

  /// How long the killed run may take to write its first mid-epoch checkpoint.
  private static let checkpointTimeout = Duration.seconds(120)

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

  /// Polls `checkpoint` while `victim` runs, decoding every version it sees
  /// (a half-written one would not decode), and kills `victim` with SIGKILL
  /// once a version appears that is mid-epoch. Returns whether it did;
  /// otherwise records why and makes sure `victim` is stopped.
  ///
  /// The polling runs on a dedicated thread: other suites' synchronous tests
  /// can occupy every thread of Swift's cooperative pool for longer than the
  /// whole training run, and a starved watcher would miss every checkpoint.
  private static func killAtMidEpochCheckpoint(
    _ victim: TriscaleProcess, checkpoint: String
  ) async throws -> Bool {
    nonisolated(unsafe) let watched = victim
    let failure: String? = await withCheckedContinuation { continuation in
      Thread { continuation.resume(returning: watch(watched, checkpoint: checkpoint)) }.start()
    }
    if let failure { Issue.record(Comment(rawValue: failure)) }
    return failure == nil
  }

  /// The watching loop; returns nil once it killed `victim` at a mid-epoch checkpoint, else why not.
  private static func watch(_ victim: TriscaleProcess, checkpoint: String) -> String? {
    var watcher = CheckpointWatcher(path: checkpoint)
    let deadline = ContinuousClock.now + checkpointTimeout
    while victim.isRunning {
      guard ContinuousClock.now < deadline else {
        victim.kill()
        return "no mid-epoch checkpoint at \(checkpoint) within \(checkpointTimeout)"
      }
      do {
        if let file = try watcher.poll(),
          Int(file.metadata["checkpoint.step_in_epoch"] ?? "") ?? 0 > 0
        {
          victim.kill()
          return nil
        }
      } catch {
        victim.kill()
        return "checkpoint version \(watcher.versionsSeen) did not decode during training: \(error)"
      }
      usleep(2_000)
    }
    return "the run ended before a mid-epoch checkpoint appeared at \(checkpoint)"
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
    let killed = try await Self.killAtMidEpochCheckpoint(victim, checkpoint: checkpointB)
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
        leftover == ".model.tsm.ckpt.tmp-\(victim.processIdentifier)", "unexpected file \(leftover)"
      )
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
