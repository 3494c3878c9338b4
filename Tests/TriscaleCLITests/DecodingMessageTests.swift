import Foundation
import Testing
import TriscaleGraph

/// Values of the wrong type in a pipeline file, a config file and a model's
/// card: one `error:` line naming the file, the key, what was expected and
/// what was found — never Swift's `DecodingError` or Foundation's text — a
/// non-zero exit and no file written.
@Suite("Decoding messages")
struct DecodingMessageTests {
  @Test func pipelineValueOfTheWrongTypeNamesFileKeyAndBothValues() async throws {
    let scratch = try ScratchDirectory()
    defer { scratch.remove() }
    let pipeline = try scratch.write(
      "output: out\nstages:\n  cloud:\n    stage: train\n    epochs: many\n", to: "p.yaml")
    let output = try await TriscaleProcess.run(["run", pipeline], in: scratch)
    output.expectOneLineError(mentioning: [
      pipeline, "stage 'cloud' key 'epochs'", "expected an integer", "found 'many'",
    ])
    #expect(try scratch.visibleFiles() == ["p.yaml"])
  }

  @Test func configValueOfTheWrongTypeNamesFileAndKey() async throws {
    let scratch = try ScratchDirectory()
    defer { scratch.remove() }
    let config = try scratch.write("batch-size: large\n", to: "c.yaml")
    let output = try await TriscaleProcess.run(
      ["train", "--config", config, "--output", "out.tsm"], in: scratch)
    output.expectOneLineError(mentioning: [config, "key 'batch-size'", "'large'"])
    #expect(try scratch.visibleFiles() == ["c.yaml"])
  }

  @Test func modelCardValueOfTheWrongTypeNamesFileKeyAndBothValues() async throws {
    let scratch = try ScratchDirectory()
    defer { scratch.remove() }
    let model = scratch.file("model.tsm")
    try await TriscaleProcess.run(
      ["train", "--train-limit", "64"] + TinyTraining.flags(output: model), in: scratch
    ).expectSuccess()
    var file = try ModelFile.read(path: model)
    let text = try #require(file.metadata["card"])
    let card = try #require(
      JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    var broken = card
    broken["classCount"] = "ten"
    file.metadata["card"] = String(
      decoding: try JSONSerialization.data(withJSONObject: broken), as: UTF8.self)
    let damaged = scratch.file("damaged.tsm")
    try file.write(path: damaged)
    let before = try scratch.visibleFiles()
    for command in [
      ["evaluate", damaged], ["export", "--model", damaged, "--output", "m.tflite"],
    ] {
      let output = try await TriscaleProcess.run(command, in: scratch)
      output.expectOneLineError(mentioning: [
        damaged, "model card", "key 'classCount'", "expected an integer", "found 'ten'",
      ])
    }
    #expect(try scratch.visibleFiles() == before)
  }
}
