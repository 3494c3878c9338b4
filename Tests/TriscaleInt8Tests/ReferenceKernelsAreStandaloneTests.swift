import Foundation
import Testing

/// The reference kernels (`Sources/CTriscaleKernels/reference`) are what
/// ships to a microcontroller: they must build as plain C99 on their own.
@Suite("The reference C kernels stand alone")
struct ReferenceKernelsAreStandaloneTests {
  /// `Sources/CTriscaleKernels/reference` of this checkout.
  static let folder = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Sources/CTriscaleKernels/reference")

  /// Its C files.
  static func sources() throws -> [URL] {
    try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
      .filter { $0.pathExtension == "c" }.sorted { $0.path < $1.path }
  }

  @Test("every file compiles with cc -std=c99 -Wall -Wextra -Werror -pedantic, alone")
  func compilesAsStrictC99() throws {
    let sources = try Self.sources()
    #expect(sources.count == 6, "requantize, conv, depthwise, fully connected, add, pool")
    let objects = FileManager.default.temporaryDirectory
      .appendingPathComponent("triscale-reference-\(ProcessInfo.processInfo.processIdentifier)")
    try FileManager.default.createDirectory(at: objects, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: objects) }
    for source in sources {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      process.arguments = [
        "cc", "-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic", "-c", source.path, "-o",
        objects.appendingPathComponent(source.lastPathComponent + ".o").path,
      ]
      let errors = Pipe()
      process.standardError = errors
      try process.run()
      let message = String(
        decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      process.waitUntilExit()
      #expect(process.terminationStatus == 0, "\(source.lastPathComponent): \(message)")
    }
  }

  @Test("no file includes anything outside the folder but the C library, or uses x86 code")
  func hasNoHostCode() throws {
    let files = try Self.sources() + [Self.folder.appendingPathComponent("triscale_reference.h")]
    let forbidden = [
      "#if ", "#elif", "__x86_64__", "immintrin", "__builtin", "__attribute__", "_mm",
    ]
    let allowedIncludes = [
      "#include <stddef.h>", "#include <stdint.h>", "#include <limits.h>", "#include <math.h>",
      "#include \"triscale_reference.h\"",
    ]
    for file in files {
      let text = try String(contentsOf: file, encoding: .utf8)
      for word in forbidden {
        #expect(!text.contains(word), "\(file.lastPathComponent) contains \(word)")
      }
      for line in text.split(separator: "\n") where line.hasPrefix("#include") {
        #expect(allowedIncludes.contains(String(line)), "\(file.lastPathComponent): \(line)")
      }
    }
  }
}
