import TriscaleGraph

/// An ``Int8Model`` prepared once: every operation as an
/// ``Int8PreparedOperation`` and one ``MemoryPlan`` for the activations and
/// each operation's scratch. What the host executor builds from, and what a
/// C code generator prints.
public struct Int8PreparedModel: Equatable, Sendable {
  /// The model it was prepared from.
  public let model: Int8Model
  /// The operations in execution order.
  public let operations: [Int8PreparedOperation]
  /// The arena: buffer `t` is tensor `t`, then the scratch buffers
  /// (``scratchBuffers``).
  public let memoryPlan: MemoryPlan
  /// For each operation, the index of its scratch buffer in ``memoryPlan``, or `nil`.
  public let scratchBuffers: [Int?]

  /// Alignment of every buffer in the arena (the host kernels' scratch is
  /// read in 32-byte vectors).
  public static let alignment = 32

  /// Validates and prepares `model`; throws naming the first operation the
  /// kernels cannot run.
  public init(model: Int8Model) throws {
    try model.validate()
    self.model = model
    operations = try model.operations.map { try Int8PreparedOperation(preparing: $0, in: model) }
    let scratch = operations.map(\.scratchByteCount)
    memoryPlan = MemoryPlan(model: model, scratchByteCounts: scratch, alignment: Self.alignment)
    scratchBuffers = MemoryPlan.scratchBuffers(in: model, scratchByteCounts: scratch)
  }
}
