import Testing

/// `triscale train` with nonsense flag values: one line naming the flag and
/// the value, a non-zero exit, no crash.
@Suite("Flag errors")
struct FlagErrorTests {
  /// One bad command line and what its error must mention.
  struct Case: Sendable, CustomTestStringConvertible {
    /// Flags appended after a valid tiny training command (the last value of a flag wins).
    let flags: [String]
    /// Text the error line must contain.
    let fragments: [String]
    init(_ flags: [String], _ fragments: [String]) {
      self.flags = flags
      self.fragments = fragments
    }

    var testDescription: String { flags.joined(separator: " ") }
  }

  static let cases: [Case] = [
    Case(["--epochs", "-3"], ["--epochs", "-3"]),
    Case(["--epochs=-3"], ["--epochs", "-3 is outside 1...100000"]),
    Case(["--batch-size", "0"], ["--batch-size", "0 is outside"]),
    Case(["--learning-rate", "abc"], ["--learning-rate", "abc"]),
    Case(["--learning-rate", "-1"], ["--learning-rate", "-1"]),
    Case(["--learning-rate=-1"], ["--learning-rate", "-1 is outside (0, 10]"]),
    Case(["--threads", "0"], ["--threads", "0 is outside 1...256"]),
    Case(["--schedule", "wobble"], ["schedule", "wobble"]),
    Case(["--optimizer", "rmsprop"], ["--optimizer", "rmsprop"]),
    Case(["--label-smoothing", "1.5"], ["--label-smoothing", "1.5"]),
    Case(["--frobnicate"], ["--frobnicate"]),
    Case(["--model", "nope"], ["unknown model 'nope'", "dscnn-micro"]),
  ]

  @Test(arguments: cases)
  func nonsenseValueIsRejectedOnOneLine(_ bad: Case) async throws {
    let scratch = try ScratchDirectory()
    defer { scratch.remove() }
    let arguments =
      ["train", "--train-limit", "64"] + TinyTraining.flags(output: scratch.file("model.tsm"))
      + bad.flags
    let output = try await TriscaleProcess.run(arguments, in: scratch)
    output.expectOneLineError(mentioning: bad.fragments)
  }
}
