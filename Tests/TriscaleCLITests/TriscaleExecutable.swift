import Foundation

/// Finds the built `triscale` executable that the tests run as a subprocess.
///
/// `TRISCALE_BINARY` wins when set; otherwise the tool is looked for beside the
/// test bundle in the build products directory (where `swift build
/// --build-tests` puts it), then in the package's default `.build/debug`.
enum TriscaleExecutable {
  /// The environment variable that names the executable explicitly.
  static let environmentVariable = "TRISCALE_BINARY"

  /// The places looked at, in order.
  static var candidates: [String] {
    if let explicit = ProcessInfo.processInfo.environment[environmentVariable], !explicit.isEmpty {
      return [explicit]
    }
    var directories = [Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()]
    if let executable = Bundle.main.executableURL {
      directories.append(executable.deletingLastPathComponent())
    }
    let packageRoot = URL(fileURLWithPath: #filePath)
      .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    directories.append(packageRoot.appendingPathComponent(".build/debug"))
    return directories.map { $0.appendingPathComponent("triscale").path }
  }

  /// The path of the executable.
  ///
  /// - Throws: ``NotFound`` naming every place looked at.
  static func path() throws -> String {
    let candidates = candidates
    guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) })
    else { throw NotFound(candidates: candidates) }
    return found
  }

  /// The executable is in none of the expected places.
  struct NotFound: Error, CustomStringConvertible {
    /// Where it was looked for.
    let candidates: [String]

    var description: String {
      "the triscale executable was not found at \(candidates.joined(separator: ", ")). "
        + "Build it with `swift build --build-tests` or set \(TriscaleExecutable.environmentVariable)"
    }
  }
}
