/// The lifetimes of a set of ``MemoryBuffer``s on a compact time axis, so
/// the planner can index buffers by step.
///
/// When the steps are dense (a schedule's positions 0, 1, 2…, as for a
/// model), they are used as they are, shifted to start at 0. Otherwise they
/// are compressed: the distinct `firstUse` and `lastUse` values, in order,
/// numbered 0, 1, 2… Two lifetimes share a step exactly when their ranges on
/// the axis share one, and the axis has at most two steps per buffer however
/// far apart the original steps are.
struct StepIndex {
  /// For each buffer, its first and last step on the axis.
  private let ranges: [ClosedRange<Int>]
  /// The number of steps on the axis.
  let stepCount: Int

  init(_ buffers: [MemoryBuffer]) {
    let low = buffers.lazy.map { min($0.firstUse, $0.lastUse) }.min() ?? 0
    let high = buffers.lazy.map { max($0.firstUse, $0.lastUse) }.max() ?? 0
    let (span, overflow) = high.subtractingReportingOverflow(low)
    if !overflow, span < 2 * buffers.count + 2 {
      ranges = buffers.map { ($0.firstUse - low)...(max($0.firstUse, $0.lastUse) - low) }
      stepCount = span + 1
      return
    }
    var boundaries: [Int] = []
    boundaries.reserveCapacity(2 * buffers.count)
    for buffer in buffers {
      boundaries.append(buffer.firstUse)
      boundaries.append(buffer.lastUse)
    }
    boundaries.sort()
    var unique = boundaries.prefix(0)
    for step in boundaries where unique.last != step { unique.append(step) }
    func position(_ step: Int) -> Int {
      var (lower, upper) = (unique.startIndex, unique.endIndex)
      while lower < upper {
        let middle = (lower + upper) / 2
        if unique[middle] < step { lower = middle + 1 } else { upper = middle }
      }
      return lower
    }
    ranges = buffers.map { buffer in
      let first = position(buffer.firstUse)
      return first...max(first, position(buffer.lastUse))
    }
    stepCount = unique.count
  }

  /// The steps on the axis at which buffer `index` is alive.
  func steps(of index: Int) -> ClosedRange<Int> { ranges[index] }
}
