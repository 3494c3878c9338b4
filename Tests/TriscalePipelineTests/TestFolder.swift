import Foundation

/// A fresh temporary folder for one test.
enum TestFolder {
  /// Creates it.
  static func make() throws -> String {
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("triscale-pipeline-tests-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }
}
