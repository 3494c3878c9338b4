import CDNNL
import TriscaleCore

/// A parameter gradient computed in a primitive's preferred layout and
/// reordered into the canonical plain layout for the optimizer.
final class ParameterGradient {
  let primitiveLayout: DNNLMemory
  let canonical: DNNLMemory
  private let reorder: DNNLPrimitive?

  init(canonical descriptor: dnnl_memory_desc_t, produced: dnnl_memory_desc_t) throws {
    primitiveLayout = try DNNLMemory(produced)
    if primitiveLayout.hasLayout(descriptor) {
      canonical = primitiveLayout
      reorder = nil
    } else {
      canonical = try DNNLMemory(descriptor)
      reorder = try DNNLPrimitive.reorder(from: produced, to: descriptor)
    }
  }

  /// The gradient as a tensor of canonical `shape`.
  func tensor(shape: [Int]) throws -> Tensor {
    try reorder?.execute([(DNNL_ARG_FROM, primitiveLayout), (DNNL_ARG_TO, canonical)])
    return canonical.tensor(shape: shape)
  }
}
