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
  ///
  /// Cost: the placed buffers alive with each one are found through an
  /// index of the buffers alive at each step, so planning takes
  /// O(n·log n + Σ live²) for n buffers, where the sum runs over the steps
  /// and `live` counts the buffers alive at a step: linear in n for a
  /// network with a bounded number of activations alive at once, however
  /// deep. A buffer whose `lastUse` precedes its `firstUse` is treated as
  /// alive at `firstUse` only.
  public init(buffers: [MemoryBuffer], alignment: Int = 16) {
    precondition(alignment > 0, "alignment must be positive")
    let lifetimes = StepIndex(buffers)
    var offsets = [Int](repeating: 0, count: buffers.count)
    var placedAtStep = [[Int]](repeating: [], count: lifetimes.stepCount)
    func place(_ index: Int, at offset: Int) {
      offsets[index] = offset
      for step in lifetimes.steps(of: index) { placedAtStep[step].append(index) }
    }
    for index in buffers.indices {
      if let fixed = buffers[index].fixedOffset { place(index, at: fixed) }
    }
    let free = buffers.indices.filter { buffers[$0].fixedOffset == nil }
      .sorted { (buffers[$0].byteCount, $1) > (buffers[$1].byteCount, $0) }
    var lastSeenBy = [Int](repeating: -1, count: buffers.count)
    for index in free {
      var neighbours: [(start: Int, end: Int)] = []
      for step in lifetimes.steps(of: index) {
        for other in placedAtStep[step] where lastSeenBy[other] != index {
          lastSeenBy[other] = index
          neighbours.append((offsets[other], offsets[other] + buffers[other].byteCount))
        }
      }
      neighbours.sort { $0.start < $1.start }
      var candidate = 0
      for neighbour in neighbours {
        if candidate + buffers[index].byteCount <= neighbour.start { break }
        candidate = max(candidate, Self.aligned(neighbour.end, to: alignment))
      }
      place(index, at: candidate)
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
