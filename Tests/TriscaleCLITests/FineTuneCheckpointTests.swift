import Foundation
import Testing

/// A fine-tuning stage never touches another stage's checkpoint: `prune`
/// and `quantize --method qat` checkpoint to `OUTPUT.prune.ckpt` and
/// `OUTPUT.quantize.ckpt`, remove that file on success, and leave the
/// training run's `OUTPUT.ckpt` — the path they used to write — byte for
/// byte as it was.
@Suite("Fine-tuning checkpoints")
struct FineTuneCheckpointTests {
  static let tiny = [
    "--threads", "1", "--epochs", "1", "--batch-size", "32", "--train-limit", "64",
  ]

  @Test(
    "prune and QAT keep a training checkpoint at OUTPUT.ckpt intact and remove their own",
    arguments: [
      (["prune"], "prune"),
      (["quantize", "--method", "qat", "--calibration-images", "32"], "quantize"),
    ])
  func fineTuningLeavesTheTrainingCheckpoint(command: [String], stage: String) async throws {
    let scratch = try ScratchDirectory()
    defer { scratch.remove() }
    let model = scratch.file("model.tsm")
    let output = scratch.file("tuned.tsm")
    // A training run whose output is the fine-tuning's output path: its
    // checkpoint is at OUTPUT.ckpt, where the old commands checkpointed.
    try await TriscaleProcess.run(
      ["train", "--train-limit", "64"] + TinyTraining.flags(output: output), in: scratch
    ).expectSuccess()
    try FileManager.default.moveItem(atPath: output, toPath: model)
    let trainCheckpoint = output + ".ckpt"
    let original = try Data(contentsOf: URL(fileURLWithPath: trainCheckpoint))

    try await TriscaleProcess.run(
      [command[0], model, "--output", output] + command.dropFirst() + Self.tiny, in: scratch
    ).expectSuccess()
    #expect(try Data(contentsOf: URL(fileURLWithPath: trainCheckpoint)) == original)
    #expect(!FileManager.default.fileExists(atPath: "\(output).\(stage).ckpt"))
    #expect(try scratch.visibleFiles() == ["model.tsm", "tuned.tsm", "tuned.tsm.ckpt"])
  }

  @Test("--checkpoint naming an input or the output is refused before any work")
  func checkpointNamingAnInputIsRefused() async throws {
    let scratch = try ScratchDirectory()
    defer { scratch.remove() }
    let model = scratch.file("model.tsm")
    try await TriscaleProcess.run(
      ["train", "--train-limit", "64"] + TinyTraining.flags(output: model), in: scratch
    ).expectSuccess()
    let original = try Data(contentsOf: URL(fileURLWithPath: model))
    let before = try scratch.visibleFiles()
    for (checkpoint, fragments) in [
      (model, ["--checkpoint", "MODEL-FILE", "same file as"]),
      (scratch.file("out.tsm"), ["--checkpoint", "--output", "same file as"]),
    ] {
      for command in ["prune", "quantize"] {
        try await TriscaleProcess.run(
          [command, model, "--output", scratch.file("out.tsm"), "--checkpoint", checkpoint]
            + Self.tiny, in: scratch
        ).expectOneLineError(mentioning: fragments)
      }
    }
    #expect(try Data(contentsOf: URL(fileURLWithPath: model)) == original)
    #expect(try scratch.visibleFiles() == before)
  }
}
