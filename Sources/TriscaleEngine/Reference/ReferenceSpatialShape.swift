import TriscaleCore
import TriscaleGraph

/// Input validation and output shapes shared by the reference convolution and pooling kernels.
enum ReferenceSpatialShape {
  /// The [N, OH, OW, C'] output of the windowed `operation` over `input` [N, H, W, C].
  static func output(of operation: Operation, input: Tensor) throws -> [Int] {
    try ReferenceShapeCheck.require(input, rank: 4, "input", op: operation.kindName)
    try ReferenceShapeCheck.requireBatched(input, "input", op: operation.kindName)
    let image = Array(input.shape.dropFirst())
    return [input.shape[0]]
      + (try ShapeInference.outputShape(
        of: operation, inputs: [image], node: "reference \(operation.kindName)"))
  }
}
