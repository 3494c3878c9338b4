import TriscaleGraph

/// The storage a model's weights need: dense fp32, and compressed as a
/// sparse encoding (a one-bit-per-weight presence bitmap plus the nonzero
/// fp32 values) — the size a pruned model ships in.
public struct SparseSize: Equatable, Sendable {
  /// Bytes of every parameter stored densely as fp32.
  public var denseBytes: Int
  /// Bytes with every parameter tensor stored as bitmap + nonzero values.
  public var sparseBytes: Int
  /// Weights that are zero, over all parameters.
  public var zeroCount: Int
  /// All parameters.
  public var parameterCount: Int

  /// Measures `parameters` of `graph`.
  public init(graph: Graph, parameters: ParameterStore) {
    var dense = 0
    var sparse = 0
    var zeros = 0
    var count = 0
    for spec in graph.parameterSpecs {
      let values = parameters[spec].storage
      let nonzero = values.reduce(0) { $0 + ($1 == 0 ? 0 : 1) }
      dense += 4 * values.count
      sparse += (values.count + 7) / 8 + 4 * nonzero
      zeros += values.count - nonzero
      count += values.count
    }
    denseBytes = dense
    sparseBytes = sparse
    zeroCount = zeros
    parameterCount = count
  }

  /// sparse ÷ dense.
  public var ratio: Double { Double(sparseBytes) / Double(max(denseBytes, 1)) }
}
