import Testing

/// How a finished `triscale` run ended and what it printed.
struct CommandOutput {
  /// The command-line arguments it ran with.
  let arguments: [String]
  /// The exit status, or the signal number when ``exitedNormally`` is false.
  let status: Int32
  /// False when a signal ended the process (a crash or a kill).
  let exitedNormally: Bool
  /// Everything written to standard output.
  let standardOutput: String
  /// Everything written to standard error.
  let standardError: String

  /// The command line as a user would type it, for failure messages.
  var commandLine: String { (["triscale"] + arguments).joined(separator: " ") }

  /// Standard error split into lines, without the final line break.
  var errorLines: [Substring] {
    var text = Substring(standardError)
    if text.hasSuffix("\n") { text = text.dropLast() }
    return text.isEmpty ? [] : text.split(separator: "\n", omittingEmptySubsequences: false)
  }

  /// Expects exit status 0.
  func expectSuccess(sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(
      exitedNormally && status == 0,
      "`\(commandLine)` failed with status \(status): \(standardError)",
      sourceLocation: sourceLocation)
  }

  /// Text of Swift, Foundation or oneDNN that must never reach the user.
  static let foreignMarkers = [
    "DecodingError", "NSCocoaErrorDomain", "The operation could not be completed",
    "oneDNN status", "Swift.", "Foundation.",
  ]

  /// Expects the way `triscale` reports bad input: a non-zero exit (not a
  /// crash), exactly one line on standard error that starts with `error:`,
  /// no crash report or stack trace, no raw Swift, Foundation or oneDNN text
  /// (``foreignMarkers``), and every one of `fragments` in that line.
  func expectOneLineError(
    mentioning fragments: [String], sourceLocation: SourceLocation = #_sourceLocation
  ) {
    #expect(
      exitedNormally, "`\(commandLine)` was killed by signal \(status)",
      sourceLocation: sourceLocation)
    #expect(status != 0, "`\(commandLine)` exited with status 0", sourceLocation: sourceLocation)
    for marker in ["Fatal error", "stack trace", "Stack dump", "Program crashed"] {
      #expect(
        !standardError.contains(marker),
        "`\(commandLine)` printed a crash report: \(standardError)",
        sourceLocation: sourceLocation)
    }
    let lines = errorLines
    #expect(
      lines.count == 1, "`\(commandLine)` printed \(lines.count) lines on stderr: \(standardError)",
      sourceLocation: sourceLocation)
    let message = lines.first ?? ""
    #expect(
      message.lowercased().hasPrefix("error: "),
      "`\(commandLine)` printed no `error:` line: \(standardError)",
      sourceLocation: sourceLocation)
    for marker in Self.foreignMarkers {
      #expect(
        !message.contains(marker), "`\(commandLine)` printed raw text \"\(marker)\": \(message)",
        sourceLocation: sourceLocation)
    }
    for fragment in fragments {
      #expect(
        message.contains(fragment),
        "`\(commandLine)`: the error does not mention \"\(fragment)\": \(message)",
        sourceLocation: sourceLocation)
    }
  }
}
