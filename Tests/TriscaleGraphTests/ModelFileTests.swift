import Foundation
import Testing
import TriscaleCore

@testable import TriscaleGraph

@Suite("Model file")
struct ModelFileTests {
  private let path = "/models/test.triscale"

  /// ResNet-8 with normally distributed weights (variances their absolute
  /// values), extreme finite weights, metadata and one extra tensor holding
  /// the special values only optimizer state may hold.
  private func sample() throws -> ModelFile {
    let graph = try ModelZoo.resnet8()
    var parameters = ParameterStore(initializing: graph, seed: 1)
    var random = SeededRandom(seed: 42)
    for key in parameters.keys {
      guard var tensor = parameters[key] else { continue }
      for index in 0..<tensor.count { tensor.storage[index] = random.nextNormal() }
      if key.hasSuffix(".moving_variance") { tensor.storage = tensor.storage.map(abs) }
      parameters[key] = tensor
    }
    var special = try #require(parameters["classifier.bias"])
    special.storage[0..<4] = [
      -0.0, .leastNonzeroMagnitude, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
    ]
    parameters["classifier.bias"] = special
    var extra = ParameterStore()
    extra["stem.kernel.momentum"] = Tensor(
      shape: [2, 3], storage: [1, .infinity, -.infinity, .nan, 5, 6])
    return ModelFile(
      graph: graph, parameters: parameters,
      metadata: ["dataset": "cifar10", "normalization": #"{"mean":[0.49,0.48,0.45]}"#],
      extraTensors: extra)
  }

  private func bitPatterns(_ store: ParameterStore) -> [String: [UInt32]] {
    Dictionary(
      uniqueKeysWithValues: store.keys.map { key in
        (key, store[key]?.storage.map(\.bitPattern) ?? [])
      })
  }

  /// Expects decoding `data` to fail with an `invalidFile` error for `path` whose message contains `fragment`.
  private func expectRejection(
    _ data: Data, _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    #expect(sourceLocation: sourceLocation) {
      _ = try ModelFile.decode(data, path: path)
    } throws: { error in
      guard let error = error as? TriscaleError, case .invalidFile(let errorPath, _, _) = error
      else { return false }
      let message = "\(error)"
      return errorPath == path && message.hasPrefix(path + ": ") && message.contains(fragment)
        && !message.contains("\n")
    }
  }

  /// The file's JSON header as a dictionary, and its payload.
  private func split(_ data: Data) throws -> (header: [String: Any], payload: Data) {
    let headerLength = Int(
      data[12..<20].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * $1.offset) })
    let header = try #require(
      try JSONSerialization.jsonObject(with: data[20..<(20 + headerLength)]) as? [String: Any])
    return (header, data[(20 + headerLength)..<(data.count - 4)])
  }

  /// A file of the documented layout around `header` and `payload`, with a correct checksum.
  private func assemble(header: Data, payload: Data) -> Data {
    var data = Data("TRISCALE".utf8)
    withUnsafeBytes(of: UInt32(1).littleEndian) { data.append(contentsOf: $0) }
    withUnsafeBytes(of: UInt64(header.count).littleEndian) { data.append(contentsOf: $0) }
    data.append(header)
    data.append(payload)
    withUnsafeBytes(of: data.withUnsafeBytes { CRC32.checksum($0) }.littleEndian) {
      data.append(contentsOf: $0)
    }
    return data
  }

  @Test("resnet8 with random weights round-trips bit-exactly")
  func roundTrip() throws {
    let original = try sample()
    let decoded = try ModelFile.decode(original.encoded(), path: path)
    #expect(decoded.graph == original.graph)
    #expect(decoded.metadata == original.metadata)
    #expect(decoded.parameters.keys == original.parameters.keys)
    #expect(decoded.extraTensors.keys == ["stem.kernel.momentum"])
    #expect(bitPatterns(decoded.parameters) == bitPatterns(original.parameters))
    #expect(bitPatterns(decoded.extraTensors) == bitPatterns(original.extraTensors))
    #expect(
      decoded.parameters.keys.map { decoded.parameters[$0]?.shape }
        == original.parameters.keys.map { original.parameters[$0]?.shape })
  }

  @Test(
    "the layout starts with the magic, version 1 and the header length, and ends with the CRC-32")
  func layout() throws {
    let data = try sample().encoded()
    #expect(Array(data[0..<8]) == Array("TRISCALE".utf8))
    #expect(Array(data[8..<12]) == [1, 0, 0, 0])
    let (header, payload) = try split(data)
    #expect(header["payloadByteCount"] as? Int == payload.count)
    // 78,186 trainable weights, 2 × 240 batch-norm moving statistics and the 6-element extra tensor.
    #expect(payload.count == (78_186 + 480 + 6) * 4)
    let stored = data.suffix(4).enumerated().reduce(UInt32(0)) {
      $0 | UInt32($1.element) << (8 * $1.offset)
    }
    #expect(stored == CRC32.checksum(data.dropLast(4)))
  }

  @Test("write then read through the file system")
  func fileRoundTrip() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "triscale-modelfile-\(getpid())")
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("model.triscale").path
    let original = try sample()
    try original.write(path: file)
    let read = try ModelFile.read(path: file)
    #expect(bitPatterns(read.parameters) == bitPatterns(original.parameters))
    #expect(read.graph == original.graph)
    #expect {
      _ = try ModelFile.read(path: directory.appendingPathComponent("missing.triscale").path)
    } throws: { "\($0)".contains("missing.triscale: no such file") }
  }

  @Test("a file with another magic is not a model file")
  func wrongMagic() throws {
    var data = try sample().encoded()
    data[0] = UInt8(ascii: "X")
    expectRejection(data, "not a Triscale model file")
    expectRejection(Data("PK\u{3}\u{4}".utf8), "not a Triscale model file")
  }

  @Test("a newer format version asks for an upgrade")
  func newerVersion() throws {
    var data = try sample().encoded()
    data[8] = 7
    expectRejection(
      data, "format version 7 is newer than this triscale supports (1). Upgrade triscale")
  }

  @Test("a flipped byte in the payload or the header is a checksum mismatch")
  func flippedByte() throws {
    let original = try sample().encoded()
    for offset in [original.count / 2, 40, original.count - 1] {
      var data = original
      data[offset] ^= 0x10
      expectRejection(data, "checksum mismatch: the file is corrupted or was modified")
    }
  }

  @Test("a truncated file is reported as truncated")
  func truncated() throws {
    let data = try sample().encoded()
    expectRejection(data.prefix(data.count - 1000), "the file is truncated: its payload needs")
    expectRejection(data.prefix(200), "the file is truncated: its header needs")
    expectRejection(data.prefix(10), "the file is truncated: it has 10 bytes")
    expectRejection(Data(), "the file is truncated: it has 0 bytes")
  }

  @Test("a header that is not the documented JSON is rejected")
  func unparsableHeader() throws {
    let (header, payload) = try split(sample().encoded())
    expectRejection(
      assemble(header: Data("{not json".utf8), payload: payload),
      "the header does not parse (not valid JSON)")
    var missing = header
    missing["tensors"] = nil
    expectRejection(
      assemble(header: try JSONSerialization.data(withJSONObject: missing), payload: payload),
      "the header does not parse (missing 'tensors')")
  }

  @Test("a tensor outside the payload is rejected")
  func tensorOutOfRange() throws {
    var (header, payload) = try split(sample().encoded())
    var tensors = try #require(header["tensors"] as? [[String: Any]])
    tensors[3]["byteOffset"] = payload.count - 4
    header["tensors"] = tensors
    let key = try #require(tensors[3]["key"] as? String)
    expectRejection(
      assemble(header: try JSONSerialization.data(withJSONObject: header), payload: payload),
      "tensor '\(key)' (\(tensors[3]["byteCount"] as? Int ?? 0) bytes at offset \(payload.count - 4)) lies outside the \(payload.count)-byte payload"
    )
  }

  @Test("a tensor whose byte count does not match its shape is rejected")
  func byteCountMismatch() throws {
    var (header, payload) = try split(sample().encoded())
    var tensors = try #require(header["tensors"] as? [[String: Any]])
    tensors[0]["shape"] = [3, 3, 3, 15]
    header["tensors"] = tensors
    expectRejection(
      assemble(header: try JSONSerialization.data(withJSONObject: header), payload: payload),
      "tensor 'stem.kernel' is 1728 bytes but its shape [3, 3, 3, 15] needs 1620")
  }

  @Test("a graph that fails validation is rejected with the layer's problem")
  func invalidGraph() throws {
    var file = try sample()
    guard case .conv2d(var attributes) = file.graph.nodes[1].operation else {
      Issue.record("node 1 of resnet8 should be a convolution")
      return
    }
    attributes.groups = 5
    file.graph.nodes[1].operation = .conv2d(attributes)
    expectRejection(
      try file.encoded(),
      "node 'stem' (depthwise_conv2d): 5 groups do not divide 3 input and 16 output channels")
  }

  @Test("weights that do not match the graph are rejected")
  func invalidParameters() throws {
    var file = try sample()
    file.parameters["block2.conv1.kernel"] = nil
    expectRejection(try file.encoded(), "parameter 'block2.conv1.kernel' is missing")
    file = try sample()
    file.parameters["classifier.bias"] = Tensor(shape: [11])
    expectRejection(try file.encoded(), "parameter 'classifier.bias' has shape [11], expected [10]")
    file = try sample()
    file.parameters["classifier.bias"]?.storage[7] = .nan
    expectRejection(
      try file.encoded(), "parameter 'classifier.bias' holds a value that is not a finite")
    file = try sample()
    file.parameters["stem.bn.moving_variance"]?.storage[0] = -1
    expectRejection(
      try file.encoded(), "parameter 'stem.bn.moving_variance' holds a negative variance")
  }
}
