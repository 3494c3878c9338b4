import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// One run of the `triscale` executable as a child process.
///
/// Its working directory is a scratch directory, its standard input is empty,
/// and its standard output and error go to files there (no pipe can fill up
/// and stall it), read back by ``finish()``.
struct TriscaleProcess {
  /// The command-line arguments after the executable's name.
  let arguments: [String]
  private let process: Process
  private let terminated: AsyncStream<Void>
  private let outputPath: String
  private let errorPath: String

  /// Starts `triscale arguments` in `directory`, optionally under a launcher
  /// such as `["/usr/bin/mpirun", "-np", "2"]` that is given the executable's path, with
  /// `environment` replacing those variables of this process's environment.
  static func start(
    _ arguments: [String], in directory: ScratchDirectory, launcher: [String] = [],
    environment: [String: String] = [:]
  ) throws -> TriscaleProcess {
    try TriscaleProcess(
      arguments: arguments, directory: directory, launcher: launcher, environment: environment)
  }

  /// Runs `triscale arguments` in `directory` to completion.
  static func run(
    _ arguments: [String], in directory: ScratchDirectory, launcher: [String] = [],
    environment: [String: String] = [:]
  ) async throws -> CommandOutput {
    try await start(arguments, in: directory, launcher: launcher, environment: environment)
      .finish()
  }

  private init(
    arguments: [String], directory: ScratchDirectory, launcher: [String],
    environment: [String: String]
  ) throws {
    self.arguments = arguments
    let name = UUID().uuidString
    outputPath = directory.file("triscale-\(name).stdout")
    errorPath = directory.file("triscale-\(name).stderr")
    try Data().write(to: URL(fileURLWithPath: outputPath))
    try Data().write(to: URL(fileURLWithPath: errorPath))
    process = Process()
    let executable = try TriscaleExecutable.path()
    if let program = launcher.first {
      process.executableURL = URL(fileURLWithPath: program)
      process.arguments = Array(launcher.dropFirst()) + [executable] + arguments
    } else {
      process.executableURL = URL(fileURLWithPath: executable)
      process.arguments = arguments
    }
    process.currentDirectoryURL = URL(fileURLWithPath: directory.path)
    if !environment.isEmpty {
      process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    }
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
    process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
    let (terminated, continuation) = AsyncStream.makeStream(of: Void.self)
    self.terminated = terminated
    process.terminationHandler = { _ in continuation.finish() }
    try process.run()
  }

  /// The child's process id.
  var processIdentifier: Int32 { process.processIdentifier }

  /// Whether the child has not exited yet.
  var isRunning: Bool { process.isRunning }

  /// Sends SIGKILL: the child stops at once, without running any cleanup.
  func kill() {
    _ = Glibc.kill(process.processIdentifier, SIGKILL)
  }

  /// Waits for the child to exit and returns what it printed and how it ended.
  func finish() async throws -> CommandOutput {
    for await _ in terminated {}
    return CommandOutput(
      arguments: arguments, status: process.terminationStatus,
      exitedNormally: process.terminationReason == .exit,
      standardOutput: try String(contentsOfFile: outputPath, encoding: .utf8),
      standardError: try String(contentsOfFile: errorPath, encoding: .utf8))
  }
}
