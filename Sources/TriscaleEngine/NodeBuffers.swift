import CDNNL

/// The activation of one graph node for a whole batch, and its gradient.
///
/// Activations are NHWC ([N, H, W, C]) or flat ([N, F]) in one data type (fp32
/// or the executor's reduced precision) and stay in that layout for the whole
/// graph, so no op reorders activations.
final class NodeBuffers {
  /// Shape including the batch dimension.
  let shape: [Int]
  /// The node's output.
  let output: DNNLMemory
  /// dLoss/dOutput; present when the executor trains.
  let gradient: DNNLMemory?

  init(shape: [Int], withGradient: Bool, type: dnnl_data_type_t = dnnl_f32) throws {
    self.shape = shape
    let descriptor = try MemoryDescriptor.activation(shape, type: type)
    output = try DNNLMemory(descriptor)
    gradient = withGradient ? try DNNLMemory(descriptor) : nil
  }

  /// Number of elements (batch included).
  var count: Int { shape.reduce(1, *) }
  /// Elements per image.
  var countPerImage: Int { count / shape[0] }
  /// The oneDNN descriptor of the output and gradient.
  var descriptor: dnnl_memory_desc_t { output.descriptor }
  /// The element type of the output and gradient.
  var dataType: dnnl_data_type_t { output.dataType }
}
