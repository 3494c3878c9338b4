import CDNNL

/// Copies (or, `accumulating`, adds) the values of one memory into another
/// of the same shape and plain layout but another data type: a oneDNN
/// reorder, except that fp16 goes through ``HalfConversion`` (oneDNN 2.6
/// converts fp16 with slow scalar code on CPUs without AVX512-FP16).
final class Conversion {
  private enum Kind {
    case reorder(DNNLPrimitive)
    case narrowHalf
    case widenHalf
    case accumulateHalf
  }

  private let kind: Kind
  private let count: Int

  /// A conversion from memories described by `source` to ones described by `destination`.
  init(
    from source: dnnl_memory_desc_t, to destination: dnnl_memory_desc_t, accumulating: Bool = false
  ) throws {
    count = Conversion.elementCount(source)
    switch (source.data_type, destination.data_type, accumulating) {
    case (dnnl_f32, dnnl_f16, false): kind = .narrowHalf
    case (dnnl_f16, dnnl_f32, false): kind = .widenHalf
    case (dnnl_f16, dnnl_f16, true): kind = .accumulateHalf
    default:
      kind = .reorder(
        try DNNLPrimitive.reorder(from: source, to: destination, accumulating: accumulating))
    }
  }

  private static func elementCount(_ descriptor: dnnl_memory_desc_t) -> Int {
    withUnsafeBytes(of: descriptor.dims) { dims in
      dims.bindMemory(to: Int64.self).prefix(Int(descriptor.ndims)).reduce(1) { $0 * Int($1) }
    }
  }

  /// Converts `source` into `destination` (adding to it when accumulating).
  func run(_ source: DNNLMemory, into destination: DNNLMemory) throws {
    switch kind {
    case .reorder(let reorder):
      try reorder.reorder(source, into: destination)
    case .narrowHalf:
      HalfConversion.narrow(
        source.pointer, into: destination.bytes.assumingMemoryBound(to: UInt16.self), count: count)
    case .widenHalf:
      HalfConversion.widen(
        source.bytes.assumingMemoryBound(to: UInt16.self), into: destination.pointer, count: count)
    case .accumulateHalf:
      HalfConversion.accumulate(
        source.bytes.assumingMemoryBound(to: UInt16.self),
        into: destination.bytes.assumingMemoryBound(to: UInt16.self), count: count)
    }
  }
}
