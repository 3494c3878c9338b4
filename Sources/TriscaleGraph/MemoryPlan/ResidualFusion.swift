/// A convolution run fused with the residual add that alone reads its
/// output, the sum written in place into the add's other input (the skip
/// tensor).
///
/// The add at each position reads only the skip value at that position, and
/// the convolution reads only its own input, so the convolution's output
/// never needs a whole tensor: at the add's step the convolution computes one
/// output row at a time into a row buffer (`width × channels` bytes) and the
/// add sums that row into the skip tensor's same row. Each value is the one
/// the unfused pair computes (the convolution's int8 output, then the add's
/// requantization), so fusing changes memory, not results.
public struct ResidualFusion: Codable, Equatable, Sendable {
  /// The convolution's index in the operations.
  public var convolution: Int
  /// The add's index in the operations (after the convolution); the fused
  /// pair runs at this step.
  public var add: Int
  /// The tensor the sum is written over in place: the add's other input.
  public var skip: Int
  /// Output rows of the convolution.
  public var rowCount: Int
  /// Bytes of one output row of the convolution: the row buffer.
  public var rowByteCount: Int

  /// A fusion from its parts, unchecked; ``all(in:)`` finds the sound ones.
  public init(convolution: Int, add: Int, skip: Int, rowCount: Int, rowByteCount: Int) {
    self.convolution = convolution
    self.add = add
    self.skip = skip
    self.rowCount = rowCount
    self.rowByteCount = rowByteCount
  }

  /// Every convolution → add pair of `model` that can run fused: a full
  /// (not depthwise) convolution whose output only one add reads, where
  /// that add is the last reader of its other input (so writing over it is
  /// safe), that input is not the convolution's own (the convolution reads
  /// neighbouring rows the sum would overwrite), and the output is a
  /// `[height, width, channels]` tensor. An add fed by two such
  /// convolutions (a projection shortcut) fuses the one that runs last:
  /// deferring it to the add's step keeps nothing else alive longer.
  public static func all(in model: Int8Model) -> [ResidualFusion] {
    var readers = [[Int]](repeating: [], count: model.tensors.count)
    for (step, operation) in model.operations.enumerated() {
      for input in Set(operation.inputs) { readers[input].append(step) }
    }
    let candidates = model.operations.enumerated().compactMap {
      step, operation -> ResidualFusion? in
      guard case .convolution(let convolution) = operation, !convolution.isDepthwise,
        readers[convolution.output].count == 1, let add = readers[convolution.output].first,
        case .add(let left, let right, _, _) = model.operations[add], left != right
      else { return nil }
      let skip = left == convolution.output ? right : left
      let shape = model.tensors[convolution.output].shape
      guard skip != convolution.input, readers[skip].max() == add, shape.count == 3 else {
        return nil
      }
      return ResidualFusion(
        convolution: step, add: add, skip: skip, rowCount: shape[0],
        rowByteCount: shape[1] * shape[2])
    }
    var adds = Set<Int>()
    return candidates.reversed().filter { adds.insert($0.add).inserted }.reversed()
  }
}
