import CDNNL
import TriscaleCore
import TriscaleGraph

/// Fully connected layer as oneDNN inner product; the kernel is [in, out],
/// converted on load to the activations' data type. Bias and the kernel and
/// bias gradients are fp32 in every precision.
final class DenseLayer: Layer {
  private let node: Node
  private let useBias: Bool
  private let input: NodeBuffers
  private let output: NodeBuffers
  private let kernelShape: [Int]
  private let forwardPrimitive: DNNLPrimitive
  private let backwardDataPrimitive: DNNLPrimitive?
  private let backwardWeightsPrimitive: DNNLPrimitive?
  private let kernel: LayoutedParameter
  private let bias: DNNLMemory
  private let kernelGradient: DNNLMemory
  private let biasGradient: DNNLMemory

  init(
    node: Node, units: Int, useBias: Bool, input: NodeBuffers, output: NodeBuffers, training: Bool,
    needsInputGradient: Bool
  ) throws {
    self.node = node
    self.useBias = useBias
    self.input = input
    self.output = output
    let features = input.countPerImage
    kernelShape = [features, units]
    var source = try MemoryDescriptor.plain(
      [input.shape[0], features], tag: dnnl_nc, type: input.dataType)
    var destination = output.descriptor
    var kernelDescriptor = try MemoryDescriptor.plain(
      [units, features], tag: dnnl_io, type: input.dataType)
    var canonicalKernel = try MemoryDescriptor.plain([units, features], tag: dnnl_io)
    var biasDescriptor = try MemoryDescriptor.plain([units], tag: dnnl_x)
    kernel = try LayoutedParameter(canonical: canonicalKernel, wanted: kernelDescriptor)
    bias = try DNNLMemory(biasDescriptor)
    kernelGradient = try DNNLMemory(canonicalKernel)
    biasGradient = try DNNLMemory(biasDescriptor)
    var forwardDescriptor = dnnl_inner_product_desc_t()
    try check(
      dnnl_inner_product_forward_desc_init(
        &forwardDescriptor, training ? dnnl_forward_training : dnnl_forward_inference, &source,
        &kernelDescriptor,
        &biasDescriptor, &destination),
      "\(node.name): dense descriptor")
    forwardPrimitive = try DNNLPrimitive(node.name + " forward", operation: &forwardDescriptor)
    guard training else {
      backwardDataPrimitive = nil
      backwardWeightsPrimitive = nil
      return
    }
    if needsInputGradient {
      var dataDescriptor = dnnl_inner_product_desc_t()
      try check(
        dnnl_inner_product_backward_data_desc_init(
          &dataDescriptor, &source, &kernelDescriptor, &destination),
        "\(node.name): dense backward-data descriptor")
      backwardDataPrimitive = try DNNLPrimitive(
        node.name + " backward data", operation: &dataDescriptor, hint: forwardPrimitive)
    } else {
      backwardDataPrimitive = nil
    }
    var weightsDescriptor = dnnl_inner_product_desc_t()
    try check(
      dnnl_inner_product_backward_weights_desc_init(
        &weightsDescriptor, &source, &canonicalKernel, &biasDescriptor, &destination),
      "\(node.name): dense backward-weights descriptor")
    backwardWeightsPrimitive = try DNNLPrimitive(
      node.name + " backward weights", operation: &weightsDescriptor, hint: forwardPrimitive)
  }

  func load(_ parameters: ParameterStore) throws {
    guard let values = parameters[node.name + ".kernel"] else {
      throw TriscaleError.invalidModel(
        problem: "missing parameter \(node.name).kernel", fix: "Check the model file")
    }
    try kernel.load(values)
    if useBias, let values = parameters[node.name + ".bias"] {
      bias.copy(from: values)
    } else {
      bias.zero()
    }
  }

  var primitives: [DNNLPrimitive] {
    [forwardPrimitive] + [backwardDataPrimitive, backwardWeightsPrimitive].compactMap { $0 }
  }

  func forward(training: Bool) throws {
    try forwardPrimitive.execute([
      (DNNL_ARG_SRC, input.output), (DNNL_ARG_WEIGHTS, kernel.primitiveLayout),
      (DNNL_ARG_BIAS, bias),
      (DNNL_ARG_DST, output.output),
    ])
  }

  func backward(inputGradients: [DNNLMemory?]) throws {
    guard let backwardWeightsPrimitive, let outputGradient = output.gradient else { return }
    if let target = inputGradients[0], let backwardDataPrimitive {
      try backwardDataPrimitive.execute([
        (DNNL_ARG_DIFF_DST, outputGradient), (DNNL_ARG_WEIGHTS, kernel.primitiveLayout),
        (DNNL_ARG_DIFF_SRC, target),
      ])
    }
    try backwardWeightsPrimitive.execute([
      (DNNL_ARG_SRC, input.output), (DNNL_ARG_DIFF_DST, outputGradient),
      (DNNL_ARG_DIFF_WEIGHTS, kernelGradient),
      (DNNL_ARG_DIFF_BIAS, biasGradient),
    ])
  }

  func gradients(into store: inout ParameterStore) throws {
    store[node.name + ".kernel"] = kernelGradient.tensor(shape: kernelShape)
    if useBias { store[node.name + ".bias"] = biasGradient.tensor(shape: [kernelShape[1]]) }
  }
}
