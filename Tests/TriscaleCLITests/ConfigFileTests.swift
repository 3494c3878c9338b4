import Testing

/// `--config FILE.yaml`: keys become flags, the command line wins, and a bad
/// file is reported on one line.
@Suite("Config file")
struct ConfigFileTests {
  private static let tinyConfig = """
    epochs: 1
    model: dscnn-micro
    train-limit: 64
    batch-size: 32
    augment: false
    threads: 1
    """

  private func train(config: String, extraFlags: [String] = []) async throws -> CommandOutput {
    let scratch = try ScratchDirectory()
    defer { scratch.remove() }
    let path = try scratch.write(Array(config.utf8), to: "config.yaml")
    return try await TriscaleProcess.run(
      ["train", "--config", path, "--output", scratch.file("model.tsm")] + extraFlags, in: scratch)
  }

  @Test func keysBecomeFlags() async throws {
    let output = try await train(config: Self.tinyConfig)
    output.expectSuccess()
    #expect(output.standardOutput.contains("train: dscnn-micro"), "\(output.standardOutput)")
    #expect(output.standardOutput.contains("64 training"), "\(output.standardOutput)")
    #expect(output.standardOutput.contains("1 threads"), "\(output.standardOutput)")
    #expect(output.standardOutput.contains("1 epochs of 2 steps"), "\(output.standardOutput)")
  }

  @Test func commandLineOverridesAKey() async throws {
    let output = try await train(config: Self.tinyConfig, extraFlags: ["--epochs", "2"])
    output.expectSuccess()
    #expect(output.standardOutput.contains("2 epochs of 2 steps"), "\(output.standardOutput)")
    #expect(output.standardOutput.contains("epoch 2/2 done"), "\(output.standardOutput)")
  }

  @Test func yamlSyntaxErrorIsOneLine() async throws {
    let output = try await train(config: "epochs: [1\nmodel: dscnn-micro\n")
    output.expectOneLineError(mentioning: ["config.yaml", "not valid YAML"])
  }

  @Test(arguments: [
    ("epochs: ten\n", ["'epochs'", "'ten'", "does not accept"]),
    ("augment: 3\n", ["'augment'", "'3'", "does not accept"]),
    ("epochs: {a: 1}\n", ["'epochs'", "expects a value", "found a mapping"]),
    ("epochs:\n", ["'epochs'", "expects a value", "found no value"]),
    ("epochs: [[1]]\n", ["'epochs'", "a list holding a list"]),
  ])
  func valueAFlagDoesNotTakeNamesTheKey(text: String, fragments: [String]) async throws {
    let output = try await train(config: text)
    output.expectOneLineError(mentioning: ["config.yaml"] + fragments)
  }

  @Test func keyThatIsNotAFlagIsNamed() async throws {
    let output = try await train(config: Self.tinyConfig + "\nfrobnicate: 3\n")
    output.expectOneLineError(mentioning: ["frobnicate", "config.yaml"])
  }
}
