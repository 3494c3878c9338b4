import CDNNL
import TriscaleCore
import TriscaleGraph

/// One graph node made executable: forward and backward over whole batches.
///
/// A layer reads its inputs' ``NodeBuffers`` and writes its own. During
/// backward it reads its output gradient and writes the gradient of each input
/// into the memory the executor hands it (nil where none is needed);
/// parameter gradients are kept until ``gradients(into:)``.
protocol Layer: AnyObject {
  /// Copies this layer's parameters in (before each forward).
  func load(_ parameters: ParameterStore) throws
  /// Computes the output; `training` selects batch statistics and dropout.
  func forward(training: Bool) throws
  /// Computes input and parameter gradients from the output gradient.
  func backward(inputGradients: [DNNLMemory?]) throws
  /// Adds this layer's parameter gradients to `store`.
  func gradients(into store: inout ParameterStore) throws
  /// Folds batch statistics of the last training forward into `parameters`.
  func updateStatistics(_ parameters: inout ParameterStore)
  /// The oneDNN primitives computing this layer, forward first (none for layers written in Swift).
  var primitives: [DNNLPrimitive] { get }
}

extension Layer {
  func load(_ parameters: ParameterStore) throws {}
  func gradients(into store: inout ParameterStore) throws {}
  func updateStatistics(_ parameters: inout ParameterStore) {}
  var primitives: [DNNLPrimitive] { [] }
}

extension DNNLMemory {
  /// Copies `tensor`'s elements into a plain-layout memory of the same size.
  func copy(from tensor: Tensor) {
    tensor.storage.withUnsafeBufferPointer { source in
      pointer.update(from: source.baseAddress!, count: min(source.count, capacity))
    }
  }

  /// The first `count` elements as a tensor of `shape`.
  func tensor(shape: [Int]) -> Tensor {
    Tensor(
      shape: shape, storage: Array(UnsafeBufferPointer(start: pointer, count: shape.reduce(1, *))))
  }
}

/// A parameter kept in its canonical plain fp32 layout and, when a primitive
/// wants another layout or data type (e.g. blocked bf16), in that form too
/// (reordered once per load, not per op).
final class LayoutedParameter {
  let canonical: DNNLMemory
  let primitiveLayout: DNNLMemory
  private let reorder: DNNLPrimitive?

  init(canonical descriptor: dnnl_memory_desc_t, wanted: dnnl_memory_desc_t) throws {
    canonical = try DNNLMemory(descriptor)
    if canonical.hasLayout(wanted) {
      primitiveLayout = canonical
      reorder = nil
    } else {
      primitiveLayout = try DNNLMemory(wanted)
      reorder = try DNNLPrimitive.reorder(from: descriptor, to: wanted)
    }
  }

  /// Loads `tensor` (canonical layout) and reorders it for the primitive.
  func load(_ tensor: Tensor) throws {
    canonical.copy(from: tensor)
    try reorder?.execute([(DNNL_ARG_FROM, canonical), (DNNL_ARG_TO, primitiveLayout)])
  }
}
