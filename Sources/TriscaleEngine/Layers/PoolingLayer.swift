import CDNNL
import TriscaleGraph

/// Max and average pooling on oneDNN (average excludes padding).
final class PoolingLayer: Layer {
  private let input: NodeBuffers
  private let output: NodeBuffers
  private let forwardPrimitive: DNNLPrimitive
  private let backwardPrimitive: DNNLPrimitive?
  private let workspace: DNNLMemory?

  init(
    node: Node, attributes: PoolAttributes, isMax: Bool, input: NodeBuffers, output: NodeBuffers,
    training: Bool
  )
    throws
  {
    self.input = input
    self.output = output
    let algorithm = isMax ? dnnl_pooling_max : dnnl_pooling_avg_exclude_padding
    let strides = [Int64(attributes.stride), Int64(attributes.stride)]
    let window = [Int64(attributes.size), Int64(attributes.size)]
    let convolutionLike = Conv2DAttributes(
      filters: 1, kernel: attributes.size, stride: attributes.stride, padding: attributes.padding)
    let (padBefore, padAfter) = ConvolutionLayer.padding(
      attributes: convolutionLike, input: [input.shape[1], input.shape[2]])
    var source = input.descriptor
    var destination = output.descriptor
    var forwardDescriptor = dnnl_pooling_desc_t()
    try check(
      dnnl_pooling_forward_desc_init(
        &forwardDescriptor, training ? dnnl_forward_training : dnnl_forward_inference, algorithm,
        &source,
        &destination, strides, window, padBefore, padAfter),
      "\(node.name): pooling descriptor")
    forwardPrimitive = try DNNLPrimitive(node.name + " forward", operation: &forwardDescriptor)
    var workspaceDescriptor = forwardPrimitive.memoryDescriptor(dnnl_query_workspace_md)
    workspace =
      dnnl_memory_desc_get_size(&workspaceDescriptor) > 0
      ? try DNNLMemory(workspaceDescriptor) : nil
    guard training else {
      backwardPrimitive = nil
      return
    }
    var backwardDescriptor = dnnl_pooling_desc_t()
    try check(
      dnnl_pooling_backward_desc_init(
        &backwardDescriptor, algorithm, &source, &destination, strides, window, padBefore, padAfter),
      "\(node.name): pooling backward descriptor")
    backwardPrimitive = try DNNLPrimitive(
      node.name + " backward", operation: &backwardDescriptor, hint: forwardPrimitive)
  }

  var primitives: [DNNLPrimitive] { [forwardPrimitive] + [backwardPrimitive].compactMap { $0 } }

  func forward(training: Bool) throws {
    var arguments = [(DNNL_ARG_SRC, input.output), (DNNL_ARG_DST, output.output)]
    if let workspace { arguments.append((DNNL_ARG_WORKSPACE, workspace)) }
    try forwardPrimitive.execute(arguments)
  }

  func backward(inputGradients: [DNNLMemory?]) throws {
    guard let backwardPrimitive, let target = inputGradients[0],
      let outputGradient = output.gradient
    else { return }
    var arguments = [(DNNL_ARG_DIFF_DST, outputGradient), (DNNL_ARG_DIFF_SRC, target)]
    if let workspace { arguments.append((DNNL_ARG_WORKSPACE, workspace)) }
    try backwardPrimitive.execute(arguments)
  }
}
