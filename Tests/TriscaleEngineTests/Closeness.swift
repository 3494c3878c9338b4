import Testing
import TriscaleCore
import TriscaleGraph

/// How close a result must be to its reference.
enum Tolerance: CustomStringConvertible {
  /// Every element: `|actual − expected| ≤ t · max(1, |expected|)` (relative
  /// for large values, absolute below 1). For fp32 results.
  case elementwise(Float)
  /// The whole tensor: `‖actual − expected‖₂ ≤ t · max(1, ‖expected‖₂)`. For
  /// reduced-precision results, where single elements of a rounded
  /// computation can cancel to any relative error.
  case normwise(Float)

  var description: String {
    switch self {
    case .elementwise(let value): "\(value)·max(1, |expected|) per element"
    case .normwise(let value): "\(value)·max(1, ‖expected‖₂) in norm"
    }
  }
}

/// Element-wise comparison with a mixed tolerance: `|actual − expected| ≤
/// tolerance · max(1, |expected|)` (relative for large values, absolute for
/// values below 1). Reports only the worst element, so a failure is one line.
func expectClose(
  _ actual: [Float], _ expected: [Float], tolerance: Float, _ what: String,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  expectClose(
    actual, expected, tolerance: .elementwise(tolerance), what, sourceLocation: sourceLocation)
}

/// Compares `actual` with `expected` under `tolerance`; a failure is one line.
func expectClose(
  _ actual: [Float], _ expected: [Float], tolerance: Tolerance, _ what: String,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  guard actual.count == expected.count else {
    Issue.record(
      "\(what): \(actual.count) values, expected \(expected.count)", sourceLocation: sourceLocation)
    return
  }
  switch tolerance {
  case .elementwise(let tolerance):
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
  case .normwise(let tolerance):
    let difference = Float(
      zip(actual, expected).reduce(0.0) { $0 + Double($1.0 - $1.1) * Double($1.0 - $1.1) }
        .squareRoot())
    let scale = max(1, Float(expected.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()))
    if !(difference <= tolerance * scale) {
      Issue.record(
        "\(what): ‖actual − expected‖₂ is \(difference / scale)·max(1, ‖expected‖₂), above \(tolerance)",
        sourceLocation: sourceLocation)
    }
  }
}

/// Compares every tensor of two parameter stores key by key with ``expectClose(_:_:tolerance:_:sourceLocation:)``.
func expectClose(
  _ actual: ParameterStore, _ expected: ParameterStore, tolerance: Tolerance, _ what: String,
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
