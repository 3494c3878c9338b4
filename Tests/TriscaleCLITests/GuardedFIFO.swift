import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A FIFO that a test passes where a command expects a regular file, and a
/// way to run the command that cannot hang the suite.
///
/// While the command runs, the test keeps trying to open the FIFO's writing
/// end without blocking; that succeeds only while the command has the FIFO
/// open for reading — which it must never do. Each success is recorded and
/// the writing end closed at once, so the command's read sees end of file
/// and goes on: a regression fails the test instead of blocking it for ever,
/// and no timeout or clock is involved.
struct GuardedFIFO {
  /// The FIFO's path.
  let path: String

  /// Creates the FIFO `name` in `directory`.
  init(_ name: String, in directory: ScratchDirectory) throws {
    path = directory.file(name)
    guard mkfifo(path, 0o600) == 0 else {
      throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
    }
  }

  /// What a guarded run printed, and whether the command opened the FIFO.
  struct Run {
    /// How the command ended.
    let output: CommandOutput
    /// True when the command had the FIFO open for reading at some point.
    let openedForReading: Bool
  }

  /// Runs `triscale arguments` in `directory` to completion under the guard.
  func run(_ arguments: [String], in directory: ScratchDirectory) async throws -> Run {
    let process = try TriscaleProcess.start(arguments, in: directory)
    var opened = false
    while process.isRunning {
      let writer = open(path, O_WRONLY | O_NONBLOCK)
      if writer >= 0 {
        opened = true
        close(writer)
      }
      try await Task.sleep(for: .milliseconds(10))
    }
    return Run(output: try await process.finish(), openedForReading: opened)
  }
}
