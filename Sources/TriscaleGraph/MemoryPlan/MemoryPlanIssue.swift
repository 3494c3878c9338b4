/// Something wrong with a ``MemoryPlan``, as ``MemoryPlan/issues`` finds it.
public enum MemoryPlanIssue: Equatable, Sendable, CustomStringConvertible {
  /// Buffers `first` and `second` (indices, `first < second`) are alive at
  /// one step and share bytes.
  case overlap(first: Int, second: Int)
  /// A buffer the planner placed starts off the plan's alignment.
  case misaligned(buffer: Int)
  /// A buffer with a fixed offset was placed elsewhere.
  case fixedOffsetMoved(buffer: Int)
  /// A buffer starts at a negative offset.
  case negativeOffset(buffer: Int)
  /// A buffer in place of another is not at that buffer's offset, or is larger.
  case inPlaceMisplaced(buffer: Int)

  /// One line naming the buffers by index.
  public var description: String {
    switch self {
    case .overlap(let first, let second):
      "buffers \(first) and \(second) are alive together and share bytes"
    case .misaligned(let buffer): "buffer \(buffer) is not aligned"
    case .fixedOffsetMoved(let buffer): "buffer \(buffer) is not at its fixed offset"
    case .negativeOffset(let buffer): "buffer \(buffer) starts before the arena"
    case .inPlaceMisplaced(let buffer):
      "buffer \(buffer) is not where the buffer it takes over in place is, or is larger"
    }
  }
}

extension MemoryPlan {
  /// Every problem of the plan: buffers alive together that share bytes
  /// (empty buffers share nothing), planner-chosen offsets off the
  /// alignment, fixed offsets not honoured, in-place buffers not on the
  /// bytes they take over. Empty for a sound plan.
  ///
  /// The one sharing it accepts is an in-place hand-over: buffer `b` in
  /// place of `a` (``MemoryBuffer/inPlaceOf``), at `a`'s offset, no larger,
  /// starting at the step `a` is last read. If `a` is still read after `b`
  /// begins, the overwrite is real and the pair is an overlap.
  ///
  /// Checked pair by pair from the definitions, independently of how the
  /// offsets were chosen, so it can judge any plan.
  public var issues: [MemoryPlanIssue] {
    var issues: [MemoryPlanIssue] = []
    for (index, buffer) in buffers.enumerated() {
      let offset = offsets[index]
      if offset < 0 { issues.append(.negativeOffset(buffer: index)) }
      if let owner = buffer.inPlaceOf {
        if offset != offsets[owner] || buffer.byteCount > buffers[owner].byteCount {
          issues.append(.inPlaceMisplaced(buffer: index))
        }
      } else if let fixed = buffer.fixedOffset {
        if fixed != offset { issues.append(.fixedOffsetMoved(buffer: index)) }
      } else if offset % alignment != 0 {
        issues.append(.misaligned(buffer: index))
      }
    }
    for first in buffers.indices {
      for second in buffers.indices where first < second {
        let a = buffers[first]
        let b = buffers[second]
        guard a.byteCount > 0, b.byteCount > 0, a.isAlive(togetherWith: b),
          !handsOver(first, to: second), !handsOver(second, to: first)
        else { continue }
        if offsets[first] < offsets[second] + b.byteCount
          && offsets[second] < offsets[first] + a.byteCount
        {
          issues.append(.overlap(first: first, second: second))
        }
      }
    }
    return issues
  }

  /// Whether buffer `to` takes over `from`'s bytes in place, soundly: it
  /// links to `from`, sits at its offset, and begins no earlier than the
  /// step `from` is last read.
  private func handsOver(_ from: Int, to: Int) -> Bool {
    buffers[to].inPlaceOf == from && offsets[to] == offsets[from]
      && buffers[to].byteCount <= buffers[from].byteCount
      && buffers[from].lastUse <= buffers[to].firstUse
  }

}
