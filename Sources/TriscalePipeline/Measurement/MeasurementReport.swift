import Foundation
import TriscaleCore

/// A benchmark's result: Codable data that records the host, the command
/// and the date beside its figures, written as one JSON file.
public protocol MeasurementReport: Codable {}

extension MeasurementReport {
  /// Writes the report to `path` as pretty-printed JSON with sorted keys
  /// (temporary file, fsync, rename: never half-written).
  public func write(to path: String) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    try AtomicFile.write(try encoder.encode(self), to: path)
  }
}

/// Now, as measured figures record their date ("2026-12-01T10:20:00Z").
var measurementDate: String { ISO8601DateFormatter().string(from: Date()) }
