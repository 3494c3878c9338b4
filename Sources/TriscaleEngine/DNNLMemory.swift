import CDNNL
import TriscaleCore

/// A oneDNN memory object whose fp32 buffer oneDNN allocates and owns.
final class DNNLMemory {
  /// The memory descriptor (dims, data type, layout).
  var descriptor: dnnl_memory_desc_t
  let handle: dnnl_memory_t
  /// The buffer, as fp32 elements.
  let pointer: UnsafeMutablePointer<Float>
  /// Number of fp32 elements the buffer holds (including any layout padding).
  let capacity: Int

  init(_ descriptor: dnnl_memory_desc_t) throws {
    self.descriptor = descriptor
    var handle: dnnl_memory_t?
    try check(
      dnnl_memory_create(&handle, &self.descriptor, DNNLRuntime.shared.engine, triscale_dnnl_memory_allocate()),
      "memory allocation")
    self.handle = handle!
    var raw: UnsafeMutableRawPointer?
    try check(dnnl_memory_get_data_handle(self.handle, &raw), "memory data handle")
    capacity = dnnl_memory_desc_get_size(&self.descriptor) / MemoryLayout<Float>.stride
    pointer = raw!.bindMemory(to: Float.self, capacity: capacity)
    pointer.initialize(repeating: 0, count: capacity)
  }

  /// A plain (row-major in the given tag) fp32 memory of logical `dims`.
  convenience init(dims: [Int], tag: dnnl_format_tag_t) throws {
    try self.init(MemoryDescriptor.plain(dims, tag: tag))
  }

  deinit { dnnl_memory_destroy(handle) }

  /// The buffer as a mutable buffer pointer.
  var buffer: UnsafeMutableBufferPointer<Float> { UnsafeMutableBufferPointer(start: pointer, count: capacity) }

  /// Sets every element to zero.
  func zero() { pointer.update(repeating: 0, count: capacity) }

  /// Whether this memory's layout equals `other` exactly.
  func hasLayout(_ other: dnnl_memory_desc_t) -> Bool {
    var mine = descriptor
    var theirs = other
    return dnnl_memory_desc_equal(&mine, &theirs) != 0
  }
}

/// Builders for oneDNN memory descriptors.
enum MemoryDescriptor {
  /// An fp32 descriptor of logical `dims` in layout `tag` (`dnnl_format_tag_any` lets a primitive choose).
  static func plain(_ dims: [Int], tag: dnnl_format_tag_t) throws -> dnnl_memory_desc_t {
    var descriptor = dnnl_memory_desc_t()
    let logical = dims.map(Int64.init)
    try check(
      dnnl_memory_desc_init_by_tag(&descriptor, Int32(dims.count), logical, dnnl_f32, tag), "memory descriptor \(dims)")
    return descriptor
  }

  /// NHWC activations of `shape` = [N, H, W, C] or flat [N, F] features.
  static func activation(_ shape: [Int]) throws -> dnnl_memory_desc_t {
    if shape.count == 4 { return try plain([shape[0], shape[3], shape[1], shape[2]], tag: dnnl_nhwc) }
    return try plain(shape, tag: dnnl_nc)
  }
}
