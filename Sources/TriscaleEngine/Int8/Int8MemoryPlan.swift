import TriscaleGraph

/// A static memory plan for an ``Int8Model``: every activation tensor gets
/// an offset in one arena, and tensors whose lifetimes do not overlap share
/// bytes. Planned once, greedily (largest tensor first, lowest fitting
/// offset), as TensorFlow Lite Micro's planner does.
public struct Int8MemoryPlan: Equatable, Sendable {
  /// Byte offset of each tensor in the arena.
  public let offsets: [Int]
  /// Bytes of each tensor.
  public let sizes: [Int]
  /// The arena's size: the plan's peak activation memory.
  public let arenaByteCount: Int

  /// Alignment of every tensor's offset.
  public static let alignment = 16

  /// Plans `model`'s tensors; a tensor lives from the operation that writes
  /// it (the input: from the start) to the last operation that reads it (the
  /// output: to the end).
  public init(model: Int8Model) {
    let count = model.tensors.count
    var first = [Int](repeating: 0, count: count)
    var last = [Int](repeating: 0, count: count)
    for (step, operation) in model.operations.enumerated() {
      first[operation.output] = step
      last[operation.output] = max(last[operation.output], step)
      for input in operation.inputs { last[input] = max(last[input], step) }
    }
    last[count - 1] = model.operations.count
    let sizes = model.tensors.map { $0.elementCount }
    var offsets = [Int](repeating: 0, count: count)
    var placed: [Int] = []
    let alignment = Self.alignment
    for tensor in (0..<count).sorted(by: { (sizes[$0], -$0) > (sizes[$1], -$1) }) {
      let overlapping =
        placed
        .filter { first[$0] <= last[tensor] && first[tensor] <= last[$0] }
        .map { (start: offsets[$0], end: offsets[$0] + sizes[$0]) }
        .sorted { $0.start < $1.start }
      var candidate = 0
      for interval in overlapping {
        if candidate + sizes[tensor] <= interval.start { break }
        candidate = max(candidate, (interval.end + alignment - 1) / alignment * alignment)
      }
      offsets[tensor] = candidate
      placed.append(tensor)
    }
    self.offsets = offsets
    self.sizes = sizes
    arenaByteCount = zip(offsets, sizes).map { $0 + $1 }.max() ?? 0
  }
}
