import CDNNL
import TriscaleCore

/// A created oneDNN primitive with its descriptor and (user-managed) scratchpad.
final class DNNLPrimitive {
  let descriptor: dnnl_primitive_desc_t
  let primitive: dnnl_primitive_t
  private let scratchpad: DNNLMemory?
  private let name: String

  /// Creates a primitive from an operation descriptor (`dnnl_*_desc_t`).
  convenience init<OperationDescriptor>(
    _ name: String, operation: inout OperationDescriptor, attributes: dnnl_primitive_attr_t? = nil,
    hint: DNNLPrimitive? = nil
  ) throws {
    var descriptor: dnnl_primitive_desc_t?
    let attributes = try attributes ?? DNNLPrimitive.userScratchpadAttributes()
    defer { dnnl_primitive_attr_destroy(attributes) }
    try withUnsafePointer(to: &operation) { operationPointer in
      try check(
        dnnl_primitive_desc_create(
          &descriptor, UnsafeRawPointer(operationPointer), attributes, DNNLRuntime.shared.engine,
          hint?.descriptor),
        "\(name): no oneDNN implementation for this configuration")
    }
    try self.init(name, descriptor: descriptor!)
  }

  /// Wraps an already created primitive descriptor (used for reorders).
  init(_ name: String, descriptor: dnnl_primitive_desc_t) throws {
    self.name = name
    self.descriptor = descriptor
    var primitive: dnnl_primitive_t?
    try check(dnnl_primitive_create(&primitive, descriptor), "\(name): primitive creation")
    self.primitive = primitive!
    let scratch = dnnl_primitive_desc_query_md(descriptor, dnnl_query_scratchpad_md, 0)!.pointee
    var scratchCopy = scratch
    scratchpad = dnnl_memory_desc_get_size(&scratchCopy) > 0 ? try DNNLMemory(scratch) : nil
  }

  deinit {
    dnnl_primitive_destroy(primitive)
    dnnl_primitive_desc_destroy(descriptor)
  }

  /// Attributes that make the caller own the scratchpad (so it is allocated once, not per call).
  static func userScratchpadAttributes() throws -> dnnl_primitive_attr_t {
    var attributes: dnnl_primitive_attr_t?
    try check(dnnl_primitive_attr_create(&attributes), "primitive attributes")
    try check(
      dnnl_primitive_attr_set_scratchpad_mode(attributes, dnnl_scratchpad_mode_user),
      "scratchpad mode")
    return attributes!
  }

  /// The memory descriptor the primitive expects for `query` (e.g. `dnnl_query_weights_md`).
  func memoryDescriptor(_ query: dnnl_query_t, index: Int32 = 0) -> dnnl_memory_desc_t {
    dnnl_primitive_desc_query_md(descriptor, query, index)!.pointee
  }

  /// The name of the implementation oneDNN chose (e.g. `brgconv:avx512_core_bf16`; `ref:any` is its reference code).
  var implementation: String {
    var name: UnsafePointer<CChar>?
    let status = withUnsafeMutablePointer(to: &name) {
      dnnl_primitive_desc_query(descriptor, dnnl_query_impl_info_str, 0, $0)
    }
    guard status == dnnl_success, let name else { return "unknown" }
    return String(cString: name)
  }

  /// Runs the primitive on the shared stream with `(argument, memory)` pairs.
  func execute(_ arguments: [(Int32, DNNLMemory)]) throws {
    var list = arguments.map { dnnl_exec_arg_t(arg: $0.0, memory: $0.1.handle) }
    if let scratchpad {
      list.append(dnnl_exec_arg_t(arg: DNNL_ARG_SCRATCHPAD, memory: scratchpad.handle))
    }
    try check(
      dnnl_primitive_execute(primitive, try DNNLRuntime.shared.stream(), Int32(list.count), list),
      "\(name): execution")
  }

  /// A reorder from `source` layout (and data type) to `destination`'s; with
  /// `accumulating` it adds to the destination instead of overwriting it.
  static func reorder(
    from source: dnnl_memory_desc_t, to destination: dnnl_memory_desc_t, accumulating: Bool = false
  ) throws -> DNNLPrimitive {
    var descriptor: dnnl_primitive_desc_t?
    var from = source
    var to = destination
    let attributes = try userScratchpadAttributes()
    defer { dnnl_primitive_attr_destroy(attributes) }
    if accumulating {
      var postOperations: dnnl_post_ops_t?
      try check(dnnl_post_ops_create(&postOperations), "reorder post-ops")
      defer { dnnl_post_ops_destroy(postOperations) }
      try check(dnnl_post_ops_append_sum(postOperations, 1), "reorder sum post-op")
      try check(dnnl_primitive_attr_set_post_ops(attributes, postOperations), "reorder attributes")
    }
    let engine = DNNLRuntime.shared.engine
    try check(
      dnnl_reorder_primitive_desc_create(&descriptor, &from, engine, &to, engine, attributes),
      "reorder")
    return try DNNLPrimitive("reorder", descriptor: descriptor!)
  }

  /// Runs this reorder from `source` into `destination`.
  func reorder(_ source: DNNLMemory, into destination: DNNLMemory) throws {
    try execute([(DNNL_ARG_FROM, source), (DNNL_ARG_TO, destination)])
  }
}
