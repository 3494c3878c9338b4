import Foundation
import Testing
import TriscaleCore

#if canImport(Glibc)
  import Glibc
#endif

/// `InputFile.read`: a regular file's bytes; anything else refused by what it
/// is — without opening a FIFO — and a file over the limit refused by size.
@Suite struct InputFileTests {
  private let folder: String

  init() throws {
    folder =
      FileManager.default.temporaryDirectory.appendingPathComponent("input-file-\(UUID())").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
  }

  private func refusal(_ path: String, limit: Int = 1 << 20) -> String? {
    do {
      _ = try InputFile.read(path: path, what: "model file", limit: limit, fix: "Train one")
      return nil
    } catch {
      return "\(error)"
    }
  }

  @Test func regularFileIsReadWhole() throws {
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let path = folder + "/model.tsm"
    try Data([1, 2, 3, 4]).write(to: URL(fileURLWithPath: path))
    let data = try InputFile.read(path: path, what: "model file", limit: 4, fix: "Train one")
    #expect(Array(data) == [1, 2, 3, 4])
    let empty = folder + "/empty"
    try Data().write(to: URL(fileURLWithPath: empty))
    #expect(try InputFile.read(path: empty, what: "model file", limit: 4, fix: "").isEmpty)
  }

  @Test func everythingElseIsRefusedByWhatItIs() throws {
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let fifo = folder + "/fifo"
    #expect(mkfifo(fifo, 0o600) == 0)
    let large = folder + "/large"
    try Data(count: 5).write(to: URL(fileURLWithPath: large))
    #expect(refusal(fifo)?.contains("\(fifo): it is a pipe or FIFO, not a regular file") == true)
    #expect(refusal(folder)?.contains("it is a directory") == true)
    #expect(refusal("/dev/zero")?.contains("it is a character device") == true)
    #expect(refusal(folder + "/missing") == "\(folder)/missing: no such file. Train one")
    #expect(refusal(large, limit: 4)?.contains("it is 5 bytes, larger than 4 bytes") == true)
  }
}
