import CDNNL

/// Exchanges fp32 values with callers for a node buffer kept in a reduced
/// precision: the images going in, the output coming out, and the output
/// gradient going in.
final class FP32Staging {
  private let staging: DNNLMemory
  private let narrow: Conversion
  private let widen: Conversion
  /// Number of elements.
  let count: Int

  /// Staging for buffers shaped like `buffers` (their output and gradient).
  init(for buffers: NodeBuffers) throws {
    staging = try DNNLMemory(MemoryDescriptor.activation(buffers.shape))
    narrow = try Conversion(from: staging.descriptor, to: buffers.descriptor)
    widen = try Conversion(from: buffers.descriptor, to: staging.descriptor)
    count = buffers.count
  }

  /// Rounds `values` (``count`` of them) into `target`.
  func store(_ values: UnsafeBufferPointer<Float>, into target: DNNLMemory) throws {
    staging.pointer.update(from: values.baseAddress!, count: count)
    try narrow.run(staging, into: target)
  }

  /// The values of `source` as fp32.
  func values(of source: DNNLMemory) throws -> [Float] {
    try widen.run(source, into: staging)
    return Array(UnsafeBufferPointer(start: staging.pointer, count: count))
  }
}
