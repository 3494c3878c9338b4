import Foundation
import Testing
import TriscaleCore
import TriscaleGraph

/// The search space's text form: what `--space` and a pipeline's `space:` key write.
@Suite("Search space text")
struct MicroSearchSpaceTextTests {
  @Test("a declared space overrides only the keys it names, and its text round-trips")
  func declaredSpaceRoundTrips() throws {
    let space = try MicroSearchSpace(parsing: "stem-strides=1,widths=64.16.32,blocks=conv")
    var expected = MicroSearchSpace()
    (expected.stemStrides, expected.widths, expected.blocks) = ([1], [16, 32, 64], [.conv])
    #expect(space == expected)
    #expect(try MicroSearchSpace(parsing: space.description) == space)
    #expect(try MicroSearchSpace(parsing: "") == MicroSearchSpace())
    let json = try JSONEncoder().encode(space)
    #expect(try JSONDecoder().decode(MicroSearchSpace.self, from: json) == space)
    #expect(space.size == 3 * 3 * 3 * 27 * 2 * 1 * 2 * 1)
  }

  @Test(
    "bad declarations are refused, naming the item",
    arguments: [
      ("widths", "'widths' is not key=values"), ("widths=0", "'0' is not a widths value"),
      ("kernels=4", "'4' is not a kernels value"), ("blocks=mbconv", "'mbconv' is not a block"),
      ("residual=yes", "'yes' is not res or plain"),
      ("stem-strides=3", "'3' is not a stem-strides"),
      ("resolution=32", "'resolution' is not a key"), ("depths=", "'depths=' is not key=values"),
      ("depths=.", "'depths' has no values"),
    ])
  func badDeclaration(text: String, fragment: String) {
    #expect {
      try MicroSearchSpace(parsing: text)
    } throws: { "\($0)".contains(fragment) }
  }
}
