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

  /// One line naming the buffers by index.
  public var description: String {
    switch self {
    case .overlap(let first, let second):
      "buffers \(first) and \(second) are alive together and share bytes"
    case .misaligned(let buffer): "buffer \(buffer) is not aligned"
    case .fixedOffsetMoved(let buffer): "buffer \(buffer) is not at its fixed offset"
    case .negativeOffset(let buffer): "buffer \(buffer) starts before the arena"
    }
  }
}

extension MemoryPlan {
  /// Every problem of the plan: buffers alive together that share bytes
  /// (empty buffers share nothing), planner-chosen offsets off the
  /// alignment, fixed offsets not honoured. Empty for a sound plan.
  ///
  /// Checked pair by pair from the definitions, independently of how the
  /// offsets were chosen, so it can judge any plan.
  public var issues: [MemoryPlanIssue] {
    var issues: [MemoryPlanIssue] = []
    for (index, buffer) in buffers.enumerated() {
      let offset = offsets[index]
      if offset < 0 { issues.append(.negativeOffset(buffer: index)) }
      if let fixed = buffer.fixedOffset {
        if fixed != offset { issues.append(.fixedOffsetMoved(buffer: index)) }
      } else if offset % alignment != 0 {
        issues.append(.misaligned(buffer: index))
      }
    }
    for first in buffers.indices {
      for second in buffers.indices where first < second {
        let a = buffers[first]
        let b = buffers[second]
        guard a.byteCount > 0, b.byteCount > 0, a.isAlive(togetherWith: b) else { continue }
        if offsets[first] < offsets[second] + b.byteCount
          && offsets[second] < offsets[first] + a.byteCount
        {
          issues.append(.overlap(first: first, second: second))
        }
      }
    }
    return issues
  }
}
