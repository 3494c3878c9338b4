import Foundation
import Testing
import TriscaleGraph
import TriscaleTestSupport

/// The int8 model file decodes from memory exactly as it reads from disk.
@Suite("Int8 model file")
struct Int8ModelFileTests {
  @Test func decodeReturnsTheEncodedModel() throws {
    let model = RandomInt8Model.make(seed: 4)
    let decoded = try Int8ModelFile.decode(Int8ModelFile.encoded(model), path: "m.int8.tsm")
    #expect(decoded == model)
  }

  @Test func decodeNamesThePathWhenTheChecksumIsWrong() throws {
    var data = try Int8ModelFile.encoded(RandomInt8Model.make(seed: 4))
    data[data.count - 1] ^= 0xFF
    #expect {
      try Int8ModelFile.decode(data, path: "m.int8.tsm")
    } throws: { error in
      "\(error)".contains("m.int8.tsm") && "\(error)".contains("checksum")
    }
  }
}
