import Foundation
import Testing
import TriscaleCore

/// `AtomicDirectory.write`: a folder appears whole, replaces only a folder it
/// wrote (or an empty one), and refuses anything else untouched.
@Suite struct AtomicDirectoryTests {
  static func scratch() throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent(
      "atomic-directory-\(UUID())"
    ).path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  static func contents(_ path: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: path).sorted()
  }

  @Test("writes, then replaces its own folder whole, leaving no temporary folder")
  func replacesItsOwnFolder() throws {
    let scratch = try Self.scratch()
    defer { try? FileManager.default.removeItem(atPath: scratch) }
    let target = scratch + "/project"
    try AtomicDirectory.write(
      ["a.txt": Data("1".utf8), "marker": Data()], to: target, marker: "marker")
    try AtomicDirectory.write(
      ["b.txt": Data("2".utf8), "marker": Data()], to: target, marker: "marker")
    #expect(try Self.contents(target) == ["b.txt", "marker"])
    #expect(try Self.contents(scratch) == ["project"])
  }

  @Test("refuses a file or a folder it did not write, and leaves it as it was")
  func refusesOthers() throws {
    let scratch = try Self.scratch()
    defer { try? FileManager.default.removeItem(atPath: scratch) }
    let folder = scratch + "/mine"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try Data("keep".utf8).write(to: URL(fileURLWithPath: folder + "/notes.txt"))
    let file = scratch + "/model.bin"
    try Data("model".utf8).write(to: URL(fileURLWithPath: file))
    for target in [folder, file] {
      #expect(throws: TriscaleError.self) {
        try AtomicDirectory.write(["a.txt": Data()], to: target, marker: "marker")
      }
    }
    #expect(try Self.contents(folder) == ["notes.txt"])
    #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == Data("model".utf8))
    #expect(try Self.contents(scratch) == ["mine", "model.bin"])
  }
}
