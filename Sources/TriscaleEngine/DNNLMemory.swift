import CDNNL
import Foundation
import TriscaleCore

/// A oneDNN memory object whose buffer oneDNN allocates and owns.
final class DNNLMemory {
  /// The memory descriptor (dims, data type, layout).
  var descriptor: dnnl_memory_desc_t
  let handle: dnnl_memory_t
  /// The buffer's first byte.
  let bytes: UnsafeMutableRawPointer
  /// Size of the buffer in bytes (including any layout padding).
  let byteCount: Int

  init(_ descriptor: dnnl_memory_desc_t) throws {
    self.descriptor = descriptor
    var handle: dnnl_memory_t?
    try check(
      dnnl_memory_create(
        &handle, &self.descriptor, DNNLRuntime.shared.engine, triscale_dnnl_memory_allocate()),
      "memory allocation")
    self.handle = handle!
    var raw: UnsafeMutableRawPointer?
    try check(dnnl_memory_get_data_handle(self.handle, &raw), "memory data handle")
    bytes = raw!
    byteCount = dnnl_memory_desc_get_size(&self.descriptor)
    switch self.descriptor.data_type {
    case dnnl_f32: bytes.bindMemory(to: Float.self, capacity: capacity)
    case dnnl_f16, dnnl_bf16: bytes.bindMemory(to: UInt16.self, capacity: byteCount / 2)
    default: break
    }
    zero()
  }

  /// A plain (row-major in the given tag) fp32 memory of logical `dims`.
  convenience init(dims: [Int], tag: dnnl_format_tag_t) throws {
    try self.init(MemoryDescriptor.plain(dims, tag: tag))
  }

  deinit { dnnl_memory_destroy(handle) }

  /// The buffer as fp32 elements; only meaningful for fp32 memories.
  var pointer: UnsafeMutablePointer<Float> { bytes.assumingMemoryBound(to: Float.self) }
  /// Number of fp32 elements the buffer holds, for fp32 memories.
  var capacity: Int { byteCount / MemoryLayout<Float>.stride }
  /// The buffer's element type.
  var dataType: dnnl_data_type_t { descriptor.data_type }

  /// Sets every element to zero.
  func zero() { memset(bytes, 0, byteCount) }

  /// Copies `other`'s bytes; both must have the same descriptor.
  func copyBytes(from other: DNNLMemory) {
    bytes.copyMemory(from: other.bytes, byteCount: min(byteCount, other.byteCount))
  }

  /// Whether this memory's layout equals `other` exactly.
  func hasLayout(_ other: dnnl_memory_desc_t) -> Bool {
    var mine = descriptor
    var theirs = other
    return dnnl_memory_desc_equal(&mine, &theirs) != 0
  }
}

/// Builders for oneDNN memory descriptors.
enum MemoryDescriptor {
  /// A descriptor of logical `dims` in layout `tag` (`dnnl_format_tag_any` lets a primitive choose).
  static func plain(_ dims: [Int], tag: dnnl_format_tag_t, type: dnnl_data_type_t = dnnl_f32) throws
    -> dnnl_memory_desc_t
  {
    var descriptor = dnnl_memory_desc_t()
    let logical = dims.map(Int64.init)
    try check(
      dnnl_memory_desc_init_by_tag(&descriptor, Int32(dims.count), logical, type, tag),
      "memory descriptor \(dims)")
    return descriptor
  }

  /// NHWC activations of `shape` = [N, H, W, C] or flat [N, F] features.
  static func activation(_ shape: [Int], type: dnnl_data_type_t = dnnl_f32) throws
    -> dnnl_memory_desc_t
  {
    if shape.count == 4 {
      return try plain([shape[0], shape[3], shape[1], shape[2]], tag: dnnl_nhwc, type: type)
    }
    return try plain(shape, tag: dnnl_nc, type: type)
  }
}
