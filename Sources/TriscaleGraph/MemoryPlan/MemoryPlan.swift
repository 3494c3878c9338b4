/// Offsets for a set of ``MemoryBuffer``s in one arena, so that buffers whose
/// lifetimes do not overlap share bytes. It plans an int8 model's
/// activations and scratch (``init(model:scratchByteCounts:fusing:alignment:)``) or
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

  /// The bytes alive at `step`: every buffer whose lifetime contains it,
  /// except one in place of a buffer also alive then (they share bytes).
  public func liveByteCount(at step: Int) -> Int {
    func alive(_ buffer: MemoryBuffer) -> Bool {
      buffer.firstUse <= step && step <= buffer.lastUse
    }
    return buffers.filter { buffer in
      alive(buffer) && !(buffer.inPlaceOf.map { alive(buffers[$0]) } ?? false)
    }.reduce(0) { $0 + $1.byteCount }
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
  ///
  /// A buffer in place of another (``MemoryBuffer/inPlaceOf``) is not placed
  /// on its own: it gets the offset of the buffer at the end of its chain of
  /// links, whose lifetime is stretched to cover the whole chain first.
  public init(buffers: [MemoryBuffer], alignment: Int = 16) {
    precondition(alignment > 0, "alignment must be positive")
    let owners = buffers.indices.map { Self.owner(of: $0, in: buffers) }
    let placed = buffers.indices.filter { owners[$0] == $0 }
    var slot = [Int](repeating: 0, count: buffers.count)
    var spans = placed.map { buffers[$0] }
    for (position, index) in placed.enumerated() { slot[index] = position }
    for index in buffers.indices where owners[index] != index {
      let span = slot[owners[index]]
      spans[span].lastUse = max(
        spans[span].lastUse, buffers[index].firstUse, buffers[index].lastUse)
    }
    let spanOffsets = Self.greedyOffsets(spans, alignment: alignment)
    self.init(
      buffers: buffers, offsets: owners.map { spanOffsets[slot[$0]] }, alignment: alignment)
  }

  /// The buffer at the end of `index`'s chain of ``MemoryBuffer/inPlaceOf``
  /// links: the one whose bytes it and every link share.
  static func owner(of index: Int, in buffers: [MemoryBuffer]) -> Int {
    var owner = index
    for _ in buffers.indices {
      guard let next = buffers[owner].inPlaceOf else { return owner }
      owner = next
    }
    preconditionFailure("in-place links of buffer \(index) form a cycle")
  }

  /// The greedy placement of `buffers` (none in place of another), as
  /// documented on ``init(buffers:alignment:)``.
  private static func greedyOffsets(_ buffers: [MemoryBuffer], alignment: Int) -> [Int] {
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
    return offsets
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
