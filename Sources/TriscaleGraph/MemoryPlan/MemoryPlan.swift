/// Offsets for a set of ``MemoryBuffer``s in one arena, so that buffers whose
/// lifetimes do not overlap share bytes. It plans an int8 model's
/// activations and scratch (``init(model:scratchByteCounts:alignment:)``) or
/// a float graph's activations (``init(graph:bytesPerElement:batchSize:alignment:)``),
/// prints as a table (``description``) and checks itself (``issues``).
public struct MemoryPlan: Equatable, Sendable {
  /// The buffers, in the caller's order.
  public let buffers: [MemoryBuffer]
  /// The byte offset of each buffer in the arena.
  public let offsets: [Int]
  /// The alignment of every offset the planner chose.
  public let alignment: Int

  /// The arena's size: the end of the buffer that ends last.
  public var arenaByteCount: Int {
    zip(offsets, buffers).map { $0 + $1.byteCount }.max() ?? 0
  }

  /// Plans `buffers` greedily by size, as TensorFlow Lite Micro's
  /// `GreedyMemoryPlanner` does:
  ///
  /// 1. Buffers with a fixed offset are placed first, where they ask.
  /// 2. The others are taken largest first (ties: the earlier buffer first).
  /// 3. Each goes to the lowest offset, rounded up to `alignment`, at which
  ///    it overlaps no placed buffer whose lifetime intersects its own: the
  ///    placed buffers alive with it are walked by offset and the first
  ///    gap that fits is taken, else the end of the last one.
  ///
  /// Placing large buffers first leaves small ones to fill the gaps between
  /// them. The result is never worse than keeping every buffer apart (the
  /// sum of all sizes) and never better than the largest total of buffers
  /// alive at one step; for chains and residual blocks it reaches that bound.
  /// Cost: O(n²·log n) for n buffers, run once at preparation.
  public init(buffers: [MemoryBuffer], alignment: Int = 16) {
    precondition(alignment > 0, "alignment must be positive")
    var offsets = [Int](repeating: 0, count: buffers.count)
    var placed = buffers.indices.filter { buffers[$0].fixedOffset != nil }
    for index in placed { offsets[index] = buffers[index].fixedOffset! }
    let free = buffers.indices.filter { buffers[$0].fixedOffset == nil }
      .sorted { (buffers[$0].byteCount, $1) > (buffers[$1].byteCount, $0) }
    for index in free {
      let buffer = buffers[index]
      let neighbours = placed.filter { buffers[$0].isAlive(togetherWith: buffer) }
        .map { (start: offsets[$0], end: offsets[$0] + buffers[$0].byteCount) }
        .sorted { $0.start < $1.start }
      var candidate = 0
      for neighbour in neighbours {
        if candidate + buffer.byteCount <= neighbour.start { break }
        candidate = max(candidate, Self.aligned(neighbour.end, to: alignment))
      }
      offsets[index] = candidate
      placed.append(index)
    }
    self.init(buffers: buffers, offsets: offsets, alignment: alignment)
  }

  /// A plan with offsets chosen elsewhere (a plan read back, or one under
  /// test); ``issues`` says whether it is sound.
  public init(buffers: [MemoryBuffer], offsets: [Int], alignment: Int) {
    precondition(buffers.count == offsets.count, "one offset per buffer")
    self.buffers = buffers
    self.offsets = offsets
    self.alignment = alignment
  }

  /// `offset` rounded up to a multiple of `alignment`.
  static func aligned(_ offset: Int, to alignment: Int) -> Int {
    (offset + alignment - 1) / alignment * alignment
  }
}
