import Foundation
import Testing

@testable import TriscaleCore

@Suite struct CRC32Tests {
  @Test func matchesTheStandardCheckValue() {
    // The CRC-32/ISO-HDLC check value of "123456789".
    #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
  }

  @Test func continuingEqualsOneShot() {
    let bytes = Array("multi-scale deployment".utf8)
    let first = CRC32.checksum(Array(bytes[..<7]))
    #expect(CRC32.checksum(Array(bytes[7...]), continuing: first) == CRC32.checksum(bytes))
  }
}

@Suite struct SeededRandomTests {
  @Test func sameSeedSameSequenceOtherSeedOther() {
    var a = SeededRandom(seed: 42)
    var b = SeededRandom(seed: 42)
    var c = SeededRandom(seed: 43)
    let sequenceA = (0..<8).map { _ in a.next() }
    #expect(sequenceA == (0..<8).map { _ in b.next() })
    #expect(sequenceA != (0..<8).map { _ in c.next() })
  }

  @Test func uniformAndNormalHaveTheRightMoments() {
    var random = SeededRandom(seed: 7)
    let uniform = (0..<20_000).map { _ in Double(random.nextUniform()) }
    let normal = (0..<20_000).map { _ in Double(random.nextNormal()) }
    #expect(uniform.allSatisfy { $0 >= 0 && $0 < 1 })
    #expect(abs(uniform.reduce(0, +) / 20_000 - 0.5) < 0.01)
    let mean = normal.reduce(0, +) / 20_000
    let variance = normal.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 20_000
    #expect(abs(mean) < 0.03)
    #expect(abs(variance - 1) < 0.05)
  }
}

@Suite struct AtomicFileTests {
  @Test func replacesContentAndLeavesNoTemporaryFile() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "atomic-\(getpid())-\(UUID())")
    let path = directory.appendingPathComponent("file.bin").path
    try AtomicFile.write(Data([1, 2, 3]), to: path)
    try AtomicFile.write(Data([4, 5]), to: path)
    #expect(FileManager.default.contents(atPath: path) == Data([4, 5]))
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["file.bin"])
    try FileManager.default.removeItem(at: directory)
  }

  @Test func unwritableDirectoryGivesAClearError() {
    #expect(throws: TriscaleError.self) {
      try AtomicFile.write(Data([1]), to: "/proc/triscale-no/such/file")
    }
  }
}

@Suite struct TriscaleErrorTests {
  @Test func rendersOneLineWithTheFix() {
    let error = TriscaleError.invalidFile(
      path: "a.bin", problem: "checksum mismatch", fix: "Copy it again")
    #expect(error.description == "a.bin: checksum mismatch. Copy it again")
    #expect(!error.description.contains("\n"))
  }
}
