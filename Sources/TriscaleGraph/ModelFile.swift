import Foundation
import TriscaleCore

#if _endian(big)
  #error(
    "The model file stores little-endian fp32 tensors; add byte swapping before targeting a big-endian host"
  )
#endif

/// A model as stored on disk: its graph, its weights, training metadata and,
/// for checkpoints, extra tensors such as optimizer state.
///
/// The file is the 8-byte magic `TRISCALE`, a format version, a JSON header
/// (graph, metadata, tensor directory), the raw fp32 payload and a CRC-32 of
/// everything before it; `docs/model-format.md` describes it byte by byte.
/// Reading re-validates the graph and checks the weights against it, so a
/// decoded `ModelFile` is always well formed.
public struct ModelFile: Equatable, Sendable {
  /// The 8 bytes every model file starts with: ASCII "TRISCALE".
  public static let magic: [UInt8] = Array("TRISCALE".utf8)
  /// The format version this build writes, and the newest it reads.
  public static let formatVersion: UInt32 = 1
  /// Bytes before the header: magic (8), version (4), header length (8).
  static let prefixLength = 20
  /// Bytes of the trailing CRC-32.
  static let checksumLength = 4

  /// The network.
  public var graph: Graph
  /// The graph's weights, one tensor per ``ParameterSpec``.
  public var parameters: ParameterStore
  /// Training metadata: dataset, epochs, accuracy, normalization (as JSON), seed, creation date...
  public var metadata: [String: String]
  /// Tensors that are not weights of the graph (optimizer state in checkpoints); empty for plain models.
  public var extraTensors: ParameterStore

  /// A model file over the given parts.
  public init(
    graph: Graph, parameters: ParameterStore, metadata: [String: String] = [:],
    extraTensors: ParameterStore = ParameterStore()
  ) {
    self.graph = graph
    self.parameters = parameters
    self.metadata = metadata
    self.extraTensors = extraTensors
  }

  /// The complete file contents, checksum included.
  public func encoded() throws -> Data {
    var stored: [(entry: ModelFileHeader.TensorEntry, tensor: Tensor)] = []
    var payloadByteCount = 0
    for (section, store) in [
      (ModelFileHeader.Section.parameters, parameters), (.extra, extraTensors),
    ] {
      for key in store.keys {
        guard let tensor = store[key] else { continue }
        let byteCount = tensor.count * MemoryLayout<Float>.size
        let entry = ModelFileHeader.TensorEntry(
          key: key, section: section, shape: tensor.shape, dtype: ModelFileHeader.float32,
          byteOffset: payloadByteCount, byteCount: byteCount)
        stored.append((entry, tensor))
        payloadByteCount += byteCount
      }
    }
    let header = ModelFileHeader(
      graph: graph, metadata: metadata, tensors: stored.map(\.entry),
      payloadByteCount: payloadByteCount)
    let headerBytes: Data
    do {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.sortedKeys]
      headerBytes = try encoder.encode(header)
    } catch {
      throw TriscaleError.invalidModel(
        problem: "graph '\(graph.name)' cannot be encoded as JSON (a number in it is not finite)",
        fix: "Layer attributes must be finite numbers")
    }

    var data = Data(
      capacity: Self.prefixLength + headerBytes.count + payloadByteCount + Self.checksumLength)
    data.append(contentsOf: Self.magic)
    Self.appendLittleEndian(Self.formatVersion, to: &data)
    Self.appendLittleEndian(UInt64(headerBytes.count), to: &data)
    data.append(headerBytes)
    for (_, tensor) in stored {
      tensor.storage.withUnsafeBufferPointer { data.append($0) }
    }
    let checksum = data.withUnsafeBytes { CRC32.checksum($0) }
    Self.appendLittleEndian(checksum, to: &data)
    return data
  }

  /// Writes the file to `path` atomically: readers see the old file or the complete new one.
  public func write(path: String) throws {
    try AtomicFile.write(encoded(), to: path)
  }

  /// Reads and fully validates the model file at `path`.
  public static func read(path: String) throws -> ModelFile {
    let data = try InputFile.read(
      path: path, what: "model file", limit: InputFile.modelLimit,
      fix: "Check the path, or train a model with `triscale train`")
    return try decode(data, path: path)
  }

  private static func appendLittleEndian<Value: FixedWidthInteger>(
    _ value: Value, to data: inout Data
  ) {
    withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
  }
}
