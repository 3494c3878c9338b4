import Testing
import TriscaleCore
import TriscaleGraph

/// Element-wise comparison with a mixed tolerance: `|actual − expected| ≤
/// tolerance · max(1, |expected|)` (relative for large values, absolute for
/// values below 1). Reports only the worst element, so a failure is one line.
func expectClose(
  _ actual: [Float], _ expected: [Float], tolerance: Float, _ what: String,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  guard actual.count == expected.count else {
    Issue.record(
      "\(what): \(actual.count) values, expected \(expected.count)", sourceLocation: sourceLocation)
    return
  }
  var worst: (index: Int, excess: Float)?
  for index in actual.indices {
    let error = abs(actual[index] - expected[index])
    let allowed = tolerance * max(1, abs(expected[index]))
    let excess = error.isNaN ? .infinity : error / allowed
    if excess > 1, excess > (worst?.excess ?? 0) { worst = (index, excess) }
  }
  if let worst {
    Issue.record(
      """
      \(what): element \(worst.index) is \(actual[worst.index]), expected \(expected[worst.index]) \
      (\(worst.excess)× the tolerance \(tolerance)·max(1, |expected|))
      """, sourceLocation: sourceLocation)
  }
}

/// Compares every tensor of two parameter stores key by key with ``expectClose(_:_:tolerance:_:sourceLocation:)``.
func expectClose(
  _ actual: ParameterStore, _ expected: ParameterStore, tolerance: Float, _ what: String,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  #expect(
    Set(actual.keys) == Set(expected.keys), "\(what): keys differ", sourceLocation: sourceLocation)
  for key in expected.keys {
    guard let reference = expected[key], let tensor = actual[key] else { continue }
    #expect(
      tensor.shape == reference.shape, "\(what) \(key): shape", sourceLocation: sourceLocation)
    expectClose(
      tensor.storage, reference.storage, tolerance: tolerance, "\(what) \(key)",
      sourceLocation: sourceLocation)
  }
}
