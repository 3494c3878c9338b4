import Testing

/// `triscale models`: the model zoo table.
@Suite("models command")
struct ModelsCommandTests {
  @Test func listsResNet8WithItsParametersAndMACs() async throws {
    let scratch = try ScratchDirectory()
    defer { scratch.remove() }
    let output = try await TriscaleProcess.run(["models"], in: scratch)
    output.expectSuccess()
    let row = output.standardOutput.split(separator: "\n").first { $0.hasPrefix("resnet8 ") }
    let fields = row?.split(separator: " ").map(String.init) ?? []
    #expect(
      fields.prefix(4) == ["resnet8", "78186", "12.50", "M"], "resnet8 row: \(row ?? "missing")")
  }
}
