import CDNNL

/// The activation of one graph node for a whole batch, and its gradient.
///
/// Activations are fp32 NHWC ([N, H, W, C]) or flat ([N, F]) and stay in that
/// layout for the whole graph, so no op reorders activations.
final class NodeBuffers {
  /// Shape including the batch dimension.
  let shape: [Int]
  /// The node's output.
  let output: DNNLMemory
  /// dLoss/dOutput; present when the executor trains.
  let gradient: DNNLMemory?

  init(shape: [Int], withGradient: Bool) throws {
    self.shape = shape
    let descriptor = try MemoryDescriptor.activation(shape)
    output = try DNNLMemory(descriptor)
    gradient = withGradient ? try DNNLMemory(descriptor) : nil
  }

  /// Number of elements (batch included).
  var count: Int { shape.reduce(1, *) }
  /// Elements per image.
  var countPerImage: Int { count / shape[0] }
  /// The oneDNN descriptor of the output and gradient.
  var descriptor: dnnl_memory_desc_t { output.descriptor }
}
