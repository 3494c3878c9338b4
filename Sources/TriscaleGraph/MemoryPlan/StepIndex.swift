/// The lifetimes of a set of ``MemoryBuffer``s on a compressed time axis:
/// the distinct `firstUse` and `lastUse` values, in order, numbered 0, 1, 2…
///
/// Two lifetimes share a step exactly when their compressed ranges share
/// one, and there are at most two steps per buffer however far apart the
/// original steps are, so the planner can index buffers by step.
struct StepIndex {
  /// For each buffer, its first and last compressed step.
  private let ranges: [ClosedRange<Int>]
  /// The number of compressed steps.
  let stepCount: Int

  init(_ buffers: [MemoryBuffer]) {
    let boundaries = Array(Set(buffers.flatMap { [$0.firstUse, $0.lastUse] })).sorted()
    var position: [Int: Int] = [:]
    for (index, step) in boundaries.enumerated() { position[step] = index }
    ranges = buffers.map { buffer in
      let first = position[buffer.firstUse]!
      return first...max(first, position[buffer.lastUse]!)
    }
    stepCount = boundaries.count
  }

  /// The compressed steps at which buffer `index` is alive.
  func steps(of index: Int) -> ClosedRange<Int> { ranges[index] }
}
