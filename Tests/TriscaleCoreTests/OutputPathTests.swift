import Foundation
import Testing

@testable import TriscaleCore

#if canImport(Glibc)
  import Glibc
#endif

/// `OutputPath.check` and `AtomicFile.write`: an output never names an input
/// (by path, symlink or hard link) and never replaces anything but a regular file.
@Suite struct OutputPathTests {
  /// A fresh directory holding `input.bin` (three bytes).
  struct Folder {
    let path: String
    var input: String { path + "/input.bin" }

    init() throws {
      path =
        FileManager.default.temporaryDirectory.appendingPathComponent(
          "output-path-\(getpid())-\(UUID())"
        ).path
      try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
      try Data([1, 2, 3]).write(to: URL(fileURLWithPath: input))
    }

    func file(_ name: String) -> String { path + "/" + name }
    func remove() { try? FileManager.default.removeItem(atPath: path) }
  }

  /// The message `check` throws for `output` against `input.bin`, or nil when it accepts it.
  func refusal(_ output: String, in folder: Folder) -> String? {
    do {
      try OutputPath.check(output, flag: "--output", others: [.init("MODEL-FILE", folder.input)])
      return nil
    } catch {
      return "\(error)"
    }
  }

  @Test func theInputItselfIsRefused() throws {
    let folder = try Folder()
    defer { folder.remove() }
    let message = try #require(refusal(folder.input, in: folder))
    #expect(message.hasPrefix("invalid --output: \(folder.input) is the same file as MODEL-FILE"))
    #expect(refusal(folder.path + "/./sub/../input.bin", in: folder) != nil)
  }

  @Test func aSymlinkEitherWayIsRefused() throws {
    let folder = try Folder()
    defer { folder.remove() }
    let link = folder.file("link.bin")
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: folder.input)
    #expect(refusal(link, in: folder)?.contains("(through a symlink)") == true)
    #expect(throws: TriscaleError.self) {
      try OutputPath.check(folder.input, flag: "--output", others: [.init("--model", link)])
    }
  }

  @Test func aHardLinkIsRefused() throws {
    let folder = try Folder()
    defer { folder.remove() }
    let link = folder.file("hard.bin")
    try FileManager.default.linkItem(atPath: folder.input, toPath: link)
    #expect(refusal(link, in: folder)?.contains("(a hard link)") == true)
  }

  @Test func notYetExistingFilesAreComparedThroughTheirResolvedParent() throws {
    let folder = try Folder()
    defer { folder.remove() }
    let directory = folder.file("real")
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let alias = folder.file("alias")
    try FileManager.default.createSymbolicLink(atPath: alias, withDestinationPath: directory)
    #expect(throws: TriscaleError.self) {
      try OutputPath.check(
        alias + "/model.tsm", flag: "--checkpoint",
        others: [.init("--output", directory + "/model.tsm")])
    }
    try OutputPath.check(
      alias + "/model.tsm.ckpt", flag: "--checkpoint",
      others: [.init("--output", directory + "/model.tsm")])
  }

  @Test func otherRegularOrNewFilesAreAccepted() throws {
    let folder = try Folder()
    defer { folder.remove() }
    try Data([9]).write(to: URL(fileURLWithPath: folder.file("old.bin")))
    #expect(refusal(folder.file("old.bin"), in: folder) == nil)
    #expect(refusal(folder.file("new/deeper/out.bin"), in: folder) == nil)
  }

  @Test func devicesFIFOsAndDirectoriesAreRefused() throws {
    let folder = try Folder()
    defer { folder.remove() }
    let fifo = folder.file("fifo")
    #expect(mkfifo(fifo, 0o600) == 0)
    #expect(refusal("/dev/null", in: folder)?.contains("is a character device") == true)
    #expect(refusal(fifo, in: folder)?.contains("is a pipe or FIFO") == true)
    #expect(refusal(folder.path, in: folder)?.contains("is a directory") == true)
  }

  @Test func atomicFileNeverReplacesANonRegularFile() throws {
    let folder = try Folder()
    defer { folder.remove() }
    let fifo = folder.file("fifo")
    #expect(mkfifo(fifo, 0o600) == 0)
    for path in ["/dev/null", fifo] {
      #expect(throws: TriscaleError.self) { try AtomicFile.write(Data([1]), to: path) }
    }
    #expect(FileStatus(path: "/dev/null")?.type == UInt32(S_IFCHR))
    #expect(FileStatus(path: fifo)?.type == UInt32(S_IFIFO))
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == [
        "fifo", "input.bin",
      ])
  }
}
