import Foundation
import TriscaleCore

extension ModelFile {
  /// Decodes and validates the contents of a model file; `path` names the file in errors.
  ///
  /// Rejects, with a one-line ``TriscaleError/invalidFile(path:problem:fix:)``:
  /// a wrong magic, a newer format version, a truncated file, a checksum
  /// mismatch, a header that does not parse, tensors outside the payload, and a
  /// graph or weights that do not validate.
  public static func decode(_ data: Data, path: String) throws -> ModelFile {
    try data.withUnsafeBytes { try decode(bytes: $0, path: path) }
  }

  private static func decode(bytes: UnsafeRawBufferPointer, path: String) throws -> ModelFile {
    func failure(_ problem: String, _ fix: String) -> TriscaleError {
      .invalidFile(path: path, problem: problem, fix: fix)
    }
    let copyAgain = "Copy or download the file again, or re-export it"

    let leading = bytes.prefix(magic.count)
    guard leading.elementsEqual(magic.prefix(leading.count)) else {
      throw failure(
        "not a Triscale model file (it starts with neither TRISCALE nor TRISINT8)",
        "Pass a .tsm model written by `triscale train`, `prune` or `quantize` (a .tflite is for deployment and is not read back)"
      )
    }
    guard bytes.count >= prefixLength + checksumLength else {
      throw failure(
        "the file is truncated: it has \(bytes.count) bytes, fewer than any model file", copyAgain)
    }
    let version = UInt32(
      littleEndian: bytes.loadUnaligned(fromByteOffset: magic.count, as: UInt32.self))
    guard version <= formatVersion else {
      throw failure(
        "format version \(version) is newer than this triscale supports (\(formatVersion))",
        "Upgrade triscale")
    }
    guard version >= 1 else {
      throw failure("format version 0 does not exist", copyAgain)
    }
    let headerLength = UInt64(
      littleEndian: bytes.loadUnaligned(fromByteOffset: magic.count + 4, as: UInt64.self))
    let afterPrefix = bytes.count - prefixLength - checksumLength
    guard headerLength <= UInt64(afterPrefix) else {
      throw failure(
        "the file is truncated: its header needs \(headerLength) bytes but only \(afterPrefix) follow",
        copyAgain)
    }
    let headerEnd = prefixLength + Int(headerLength)
    let parsed = Result {
      try JSONDecoder().decode(
        ModelFileHeader.self,
        from: Data(UnsafeRawBufferPointer(rebasing: bytes[prefixLength..<headerEnd])))
    }
    let payloadAvailable = bytes.count - headerEnd - checksumLength
    if case .success(let header) = parsed, header.payloadByteCount > payloadAvailable {
      throw failure(
        "the file is truncated: its payload needs \(header.payloadByteCount) bytes but only \(payloadAvailable) follow",
        copyAgain)
    }

    let storedChecksum = UInt32(
      littleEndian: bytes.loadUnaligned(
        fromByteOffset: bytes.count - checksumLength, as: UInt32.self))
    let checksum = CRC32.checksum(
      UnsafeRawBufferPointer(rebasing: bytes[..<(bytes.count - checksumLength)]))
    guard storedChecksum == checksum else {
      throw failure("checksum mismatch: the file is corrupted or was modified", copyAgain)
    }

    let header: ModelFileHeader
    switch parsed {
    case .success(let value): header = value
    case .failure(let error):
      throw failure(
        "the header does not parse (\(describe(error)))",
        "The file was not written by triscale; re-export it")
    }
    guard header.payloadByteCount == payloadAvailable else {
      throw failure(
        "the payload is \(payloadAvailable) bytes but the header declares \(header.payloadByteCount)",
        "The file was not written by triscale; re-export it")
    }

    var stores = (parameters: ParameterStore(), extra: ParameterStore())
    for entry in header.tensors {
      let tensor = try readTensor(
        entry, payload: bytes[headerEnd..<(headerEnd + payloadAvailable)], failure)
      switch entry.section {
      case .parameters where stores.parameters[entry.key] == nil:
        stores.parameters[entry.key] = tensor
      case .extra where stores.extra[entry.key] == nil: stores.extra[entry.key] = tensor
      default:
        throw failure(
          "tensor '\(entry.key)' appears twice in section '\(entry.section.rawValue)'", copyAgain)
      }
    }

    let graph: Graph
    do {
      graph = try header.graph.validated()
      try stores.parameters.validate(against: graph)
    } catch TriscaleError.invalidModel(let problem, let fix) {
      throw failure(problem, fix)
    }
    return ModelFile(
      graph: graph, parameters: stores.parameters, metadata: header.metadata,
      extraTensors: stores.extra)
  }

  /// Copies the fp32 tensor `entry` describes out of `payload` (a slice of the whole file).
  private static func readTensor(
    _ entry: ModelFileHeader.TensorEntry, payload: Slice<UnsafeRawBufferPointer>,
    _ failure: (String, String) -> TriscaleError
  ) throws -> Tensor {
    let reExport = "The file was not written by triscale; re-export it"
    guard entry.dtype == ModelFileHeader.float32 else {
      throw failure(
        "tensor '\(entry.key)' has element type '\(entry.dtype)'; this triscale reads only f32",
        "Upgrade triscale")
    }
    var count = 1
    for extent in entry.shape {
      let (product, overflow) = count.multipliedReportingOverflow(by: extent)
      guard extent >= 0, !overflow else {
        throw failure("tensor '\(entry.key)' has an invalid shape \(entry.shape)", reExport)
      }
      count = product
    }
    let outside = failure(
      "tensor '\(entry.key)' (\(entry.byteCount) bytes at offset \(entry.byteOffset)) lies outside the \(payload.count)-byte payload",
      reExport)
    guard count <= payload.count / MemoryLayout<Float>.size else { throw outside }
    guard entry.byteCount == count * MemoryLayout<Float>.size else {
      throw failure(
        "tensor '\(entry.key)' is \(entry.byteCount) bytes but its shape \(entry.shape) needs \(count * MemoryLayout<Float>.size)",
        reExport)
    }
    guard entry.byteOffset >= 0, entry.byteOffset <= payload.count - entry.byteCount else {
      throw outside
    }
    let start = payload.startIndex + entry.byteOffset
    let source = UnsafeRawBufferPointer(rebasing: payload.base[start..<(start + entry.byteCount)])
    let storage = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
      UnsafeMutableRawBufferPointer(buffer).copyMemory(from: source)
      initialized = count
    }
    return Tensor(shape: entry.shape, storage: storage)
  }

  /// A short, one-line account of why a JSON header did not decode, in
  /// Triscale's words ("missing 'tensors'"); the int8 format uses it too.
  static func describe(_ error: any Error) -> String {
    func location(_ context: DecodingError.Context, _ key: CodingKey? = nil) -> String {
      let components = (context.codingPath + (key.map { [$0] } ?? [])).map {
        $0.intValue.map(String.init) ?? $0.stringValue
      }
      return components.isEmpty ? "top level" : components.joined(separator: ".")
    }
    switch error as? DecodingError {
    case .keyNotFound(let key, let context)?: return "missing '\(location(context, key))'"
    case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?:
      return "wrong type at '\(location(context))'"
    case .dataCorrupted(let context)?:
      return context.codingPath.isEmpty
        ? "not valid JSON" : "invalid value at '\(location(context))'"
    default: return "not valid JSON"
    }
  }
}
