import CDNNL
import TriscaleGraph

/// ReLU and ReLU6 as oneDNN element-wise primitives.
final class ActivationLayer: Layer {
  private let input: NodeBuffers
  private let output: NodeBuffers
  private let forwardPrimitive: DNNLPrimitive
  private let backwardPrimitive: DNNLPrimitive?

  /// `upperBound` nil is ReLU; 6 is ReLU6.
  init(node: Node, upperBound: Float?, input: NodeBuffers, output: NodeBuffers, training: Bool)
    throws
  {
    self.input = input
    self.output = output
    let algorithm = upperBound == nil ? dnnl_eltwise_relu : dnnl_eltwise_clip
    let beta = upperBound ?? 0
    var data = input.descriptor
    var forwardDescriptor = dnnl_eltwise_desc_t()
    try check(
      dnnl_eltwise_forward_desc_init(
        &forwardDescriptor, training ? dnnl_forward_training : dnnl_forward_inference, algorithm,
        &data, 0, beta),
      "\(node.name): activation descriptor")
    forwardPrimitive = try DNNLPrimitive(node.name + " forward", operation: &forwardDescriptor)
    guard training else {
      backwardPrimitive = nil
      return
    }
    var backwardDescriptor = dnnl_eltwise_desc_t()
    try check(
      dnnl_eltwise_backward_desc_init(&backwardDescriptor, algorithm, &data, &data, 0, beta),
      "\(node.name): activation backward descriptor")
    backwardPrimitive = try DNNLPrimitive(
      node.name + " backward", operation: &backwardDescriptor, hint: forwardPrimitive)
  }

  var primitives: [DNNLPrimitive] { [forwardPrimitive] + [backwardPrimitive].compactMap { $0 } }

  func forward(training: Bool) throws {
    try forwardPrimitive.execute([(DNNL_ARG_SRC, input.output), (DNNL_ARG_DST, output.output)])
  }

  func backward(inputGradients: [DNNLMemory?]) throws {
    guard let backwardPrimitive, let target = inputGradients[0],
      let outputGradient = output.gradient
    else { return }
    try backwardPrimitive.execute([
      (DNNL_ARG_SRC, input.output), (DNNL_ARG_DIFF_DST, outputGradient),
      (DNNL_ARG_DIFF_SRC, target),
    ])
  }
}
