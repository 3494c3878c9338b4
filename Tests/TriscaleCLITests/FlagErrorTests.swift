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
    /// The CLI bug that makes this case fail today, if any.
    let knownIssue: String?

    init(_ flags: [String], _ fragments: [String], knownIssue: String? = nil) {
      self.flags = flags
      self.fragments = fragments
      self.knownIssue = knownIssue
    }

    var testDescription: String { flags.joined(separator: " ") }
  }

  /// ArgumentParser reports its own errors with `Help:`/`Usage:`/`See ...` lines after the message.
  static let usageLines =
    "ArgumentParser errors print extra Help/Usage lines (Triscale.main calls exit(withError:))"
  /// A negative number after a flag is read as another flag.
  static let negativeValue =
    "a negative value after a space is parsed as a flag: 'Missing value for --FLAG', several lines"

  static let cases: [Case] = [
    Case(["--epochs", "-3"], ["--epochs", "-3"], knownIssue: negativeValue),
    Case(["--epochs=-3"], ["--epochs", "-3 is not positive"]),
    Case(["--batch-size", "0"], ["--batch-size", "0 is outside"]),
    Case(["--learning-rate", "abc"], ["--learning-rate", "abc"], knownIssue: usageLines),
    Case(["--learning-rate", "-1"], ["--learning-rate", "-1"], knownIssue: negativeValue),
    Case(["--learning-rate=-1"], ["--learning-rate", "-1.0 is not a positive number"]),
    Case(["--threads", "0"], ["--threads", "got 0"], knownIssue: usageLines),
    Case(["--schedule", "wobble"], ["schedule", "wobble"]),
    Case(["--optimizer", "rmsprop"], ["--optimizer", "rmsprop"]),
    Case(["--label-smoothing", "1.5"], ["--label-smoothing", "1.5"]),
    Case(["--frobnicate"], ["--frobnicate"], knownIssue: usageLines),
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
    withKnownIssue(Comment(rawValue: bad.knownIssue ?? "")) {
      output.expectOneLineError(mentioning: bad.fragments)
    } when: {
      bad.knownIssue != nil
    }
  }
}
