import Foundation
import TriscaleCore

/// Plain-loop softmax over the last dimension, for tests and validation only.
/// Computed in `Double` after subtracting each row's maximum.
public enum ReferenceSoftmax {
  /// `exp(x − max) / Σ exp(x − max)` over every row of the last dimension.
  public static func forward(input: Tensor) throws -> Tensor {
    let width = try rowWidth(input)
    var output = Tensor(shape: input.shape)
    for start in stride(from: 0, to: input.count, by: width) {
      let row = input.storage[start..<(start + width)].map(Double.init)
      let largest = row.max() ?? 0
      let exponentials = row.map { exp($0 - largest) }
      let total = exponentials.reduce(0, +)
      for (offset, value) in exponentials.enumerated() {
        output.storage[start + offset] = Float(value / total)
      }
    }
    return output
  }

  /// dLoss/dInput from the softmax `output` and `outputGradient`: `y · (g − Σ y·g)` per row.
  public static func backward(output: Tensor, outputGradient: Tensor) throws -> Tensor {
    let width = try rowWidth(output)
    try ReferenceShapeCheck.require(
      outputGradient, shape: output.shape, "output gradient", op: "softmax")
    var gradient = Tensor(shape: output.shape)
    for start in stride(from: 0, to: output.count, by: width) {
      let rows = start..<(start + width)
      let dot = rows.reduce(0.0) {
        $0 + Double(output.storage[$1]) * Double(outputGradient.storage[$1])
      }
      for index in rows {
        gradient.storage[index] = Float(
          Double(output.storage[index]) * (Double(outputGradient.storage[index]) - dot))
      }
    }
    return gradient
  }

  private static func rowWidth(_ tensor: Tensor) throws -> Int {
    try ReferenceShapeCheck.requireBatched(tensor, "input", op: "softmax")
    return tensor.shape[tensor.shape.count - 1]
  }
}
