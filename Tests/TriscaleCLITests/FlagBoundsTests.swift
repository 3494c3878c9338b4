import Foundation
import Testing

/// Every numeric flag of every command, and the same values as config and
/// pipeline keys, outside its stated range: one `error:` line naming the
/// flag (or the file and key) and the range, a non-zero exit, no file
/// created or changed — and no trap, however large the number.
@Suite("Flag bounds")
struct FlagBoundsTests {
  /// One out-of-range command line (`MODEL` stands for a trained model's
  /// path) and what its error must mention.
  struct Case: Sendable, CustomTestStringConvertible {
    let arguments: [String]
    let fragments: [String]
    init(_ arguments: [String], _ fragments: [String]) {
      self.arguments = arguments
      self.fragments = fragments
    }

    var testDescription: String { arguments.joined(separator: " ") }
  }

  static let trainFlags = ["train", "--model", "dscnn-micro", "--output", "out.tsm"]
  static let fineTune = ["--output", "out.tsm", "--threads", "1"]

  static let cases: [Case] = [
    Case(trainFlags + ["--epochs", "9223372036854775807"], ["--epochs", "1...100000"]),
    Case(trainFlags + ["--epochs", "0"], ["--epochs", "1...100000"]),
    Case(trainFlags + ["--threads", "0"], ["--threads", "1...256"]),
    Case(trainFlags + ["--batch-size", "65537"], ["--batch-size", "1...65536"]),
    Case(trainFlags + ["--accumulate", "4097"], ["--accumulate", "1...4096"]),
    Case(trainFlags + ["--learning-rate", "1e9"], ["--learning-rate", "(0, 10]"]),
    Case(trainFlags + ["--momentum", "1"], ["--momentum", "[0, 1)"]),
    Case(trainFlags + ["--weight-decay", "2"], ["--weight-decay", "0...1"]),
    Case(trainFlags + ["--checkpoint-every", "-1"], ["--checkpoint-every", "0...1000000000"]),
    Case(trainFlags + ["--train-limit", "-1"], ["--train-limit", "0...1000000000"]),
    Case(["prune", "MODEL", "--sparsity", "1.5"] + fineTune, ["--sparsity", "[0, 1)"]),
    Case(["prune", "MODEL", "--target-macs", "0"] + fineTune, ["--target-macs", "(0, 1]"]),
    Case(["prune", "MODEL", "--epochs", "100001"] + fineTune, ["--epochs", "0...100000"]),
    Case(["prune", "MODEL", "--batch-size", "0"] + fineTune, ["--batch-size", "1...65536"]),
    Case(["prune", "MODEL", "--output", "out.tsm", "--threads", "0"], ["--threads", "1...256"]),
    Case(
      ["quantize", "MODEL", "--calibration-images", "0"] + fineTune,
      ["--calibration-images", "1...1000000"]),
    Case(
      ["quantize", "MODEL", "--method", "qat", "--epochs", "9223372036854775807"] + fineTune,
      ["--epochs", "0...100000"]),
    Case(["evaluate", "MODEL", "--batch-size", "65537"], ["--batch-size", "1...65536"]),
    Case(["evaluate", "MODEL", "--threads", "0"], ["--threads", "1...256"]),
    Case(["bench", "train", "--batch", "0"], ["--batch", "1...65536"]),
    Case(["bench", "train", "--steps", "0"], ["--steps", "1...1000000000"]),
    Case(["bench", "train", "--threads", "1000"], ["--threads", "1...256"]),
    Case(["bench", "throughput", "--micro-batch", "70000"], ["--micro-batch", "1...65536"]),
    Case(["bench", "throughput", "--batches", "64,70000"], ["--batches", "1...65536"]),
    Case(["bench", "throughput", "--warmup", "-1"], ["--warmup", "0...1000000000"]),
    Case(["bench", "latency", "--int8", "MODEL", "--runs", "5"], ["--runs", "10...1000000"]),
    Case(["bench", "latency", "--int8", "MODEL", "--rounds", "0"], ["--rounds", "1...10000"]),
    Case(["bench", "scaling", "--ranks", "1,2000"], ["--ranks", "1...1024"]),
    Case(["bench", "scaling", "--threads-per-rank", "0"], ["--threads-per-rank", "1...256"]),
  ]

  @Test("an out-of-range flag is one line naming the flag and its range, and changes nothing")
  func outOfRangeFlagsAreRefused() async throws {
    let scratch = try ScratchDirectory()
    defer { scratch.remove() }
    let model = scratch.file("model.tsm")
    try await TriscaleProcess.run(
      ["train", "--train-limit", "64"] + TinyTraining.flags(output: model), in: scratch
    ).expectSuccess()
    let original = try Data(contentsOf: URL(fileURLWithPath: model))
    let before = try scratch.visibleFiles()
    for bad in Self.cases {
      let output = try await TriscaleProcess.run(
        bad.arguments.map { $0 == "MODEL" ? model : $0 }, in: scratch)
      output.expectOneLineError(mentioning: bad.fragments)
      #expect(try scratch.visibleFiles() == before, "`\(output.commandLine)` left a file")
    }
    #expect(try Data(contentsOf: URL(fileURLWithPath: model)) == original)
  }

  @Test("an out-of-range config key names the file, the key and the range")
  func outOfRangeConfigKeyNamesTheFile() async throws {
    let scratch = try ScratchDirectory()
    defer { scratch.remove() }
    let config = try scratch.write("epochs: 9223372036854775807\nthreads: 1\n", to: "c.yaml")
    let output = try await TriscaleProcess.run(
      ["train", "--config", config, "--output", "out.tsm"], in: scratch)
    output.expectOneLineError(mentioning: [config, "key 'epochs'", "1...100000"])
    #expect(try scratch.visibleFiles() == ["c.yaml"])
  }

  @Test(
    "an out-of-range pipeline key names the file, the stage, the key and the range",
    arguments: [
      ("train\n    epochs: 0", ["key 'epochs'", "1...100000"]),
      ("train\n    threads: 0", ["key 'threads'", "1...256"]),
      ("prune\n    sparsity: 1.5", ["key 'sparsity'", "[0, 1)"]),
      ("evaluate\n    batch-size: 70000", ["key 'batch-size'", "1...65536"]),
      ("latency\n    runs: 1", ["key 'runs'", "10...1000000"]),
    ])
  func outOfRangePipelineKeyNamesTheFile(stage: String, fragments: [String]) async throws {
    let scratch = try ScratchDirectory()
    defer { scratch.remove() }
    let pipeline = try scratch.write(
      "output: out\nstages:\n  cloud:\n    stage: train\n"
        + "  edge:\n    input: cloud\n    stage: \(stage)\n",
      to: "p.yaml")
    let output = try await TriscaleProcess.run(["run", pipeline], in: scratch)
    output.expectOneLineError(mentioning: [pipeline, "stage 'edge'"] + fragments)
    #expect(try scratch.visibleFiles() == ["p.yaml"])
  }
}
