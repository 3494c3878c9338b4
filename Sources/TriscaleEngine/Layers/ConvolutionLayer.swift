import CDNNL
import TriscaleCore
import TriscaleGraph

/// 2-D convolution (grouped and depthwise included) on oneDNN.
///
/// Activations are NHWC; the kernel is stored canonically as fp32 HWIO
/// ([KH, KW, Cin/groups, Cout]) and reordered once per load into the layout
/// (and the activations' data type) the forward and backward-data primitives
/// prefer. Bias and the kernel and bias gradients are fp32 in every precision.
final class ConvolutionLayer: Layer {
  private let node: Node
  private let attributes: Conv2DAttributes
  private let input: NodeBuffers
  private let output: NodeBuffers
  private let kernelShape: [Int]
  private let forwardPrimitive: DNNLPrimitive
  private let forwardKernel: LayoutedParameter
  private let bias: DNNLMemory
  private var backwardDataPrimitive: DNNLPrimitive?
  private var backwardDataKernel: LayoutedParameter?
  private var backwardWeightsPrimitive: DNNLPrimitive?
  private var kernelGradient: ParameterGradient?
  private var biasGradient: DNNLMemory?

  init(
    node: Node, attributes: Conv2DAttributes, input: NodeBuffers, output: NodeBuffers,
    training: Bool,
    needsInputGradient: Bool
  ) throws {
    self.node = node
    self.attributes = attributes
    self.input = input
    self.output = output
    let inputChannels = input.shape[3]
    let groups = attributes.groups
    kernelShape = [
      attributes.kernel, attributes.kernel, inputChannels / groups, attributes.filters,
    ]
    let canonicalKernel = try ConvolutionLayer.canonicalKernelDescriptor(
      attributes: attributes, inputChannels: inputChannels)
    let anyKernel = try ConvolutionLayer.kernelDescriptor(
      attributes: attributes, inputChannels: inputChannels, tag: dnnl_format_tag_any,
      type: input.dataType)
    var anyKernelGradient = try ConvolutionLayer.kernelDescriptor(
      attributes: attributes, inputChannels: inputChannels, tag: dnnl_format_tag_any, type: dnnl_f32
    )
    var biasDescriptor = try MemoryDescriptor.plain([attributes.filters], tag: dnnl_x)
    let strides = [Int64(attributes.stride), Int64(attributes.stride)]
    let (padBefore, padAfter) = ConvolutionLayer.padding(
      attributes: attributes, input: [input.shape[1], input.shape[2]])
    var source = input.descriptor
    var destination = output.descriptor
    var anyKernelCopy = anyKernel

    var forwardDescriptor = dnnl_convolution_desc_t()
    try check(
      dnnl_convolution_forward_desc_init(
        &forwardDescriptor, training ? dnnl_forward_training : dnnl_forward_inference,
        dnnl_convolution_direct,
        &source, &anyKernelCopy, &biasDescriptor, &destination, strides, padBefore, padAfter),
      "\(node.name): convolution descriptor")
    forwardPrimitive = try DNNLPrimitive(node.name + " forward", operation: &forwardDescriptor)
    forwardKernel = try LayoutedParameter(
      canonical: canonicalKernel, wanted: forwardPrimitive.memoryDescriptor(dnnl_query_weights_md))
    bias = try DNNLMemory(biasDescriptor)
    guard training else { return }

    if needsInputGradient {
      var dataDescriptor = dnnl_convolution_desc_t()
      try check(
        dnnl_convolution_backward_data_desc_init(
          &dataDescriptor, dnnl_convolution_direct, &source, &anyKernelCopy, &destination, strides,
          padBefore,
          padAfter),
        "\(node.name): convolution backward-data descriptor")
      let primitive = try DNNLPrimitive(
        node.name + " backward data", operation: &dataDescriptor, hint: forwardPrimitive)
      backwardDataPrimitive = primitive
      backwardDataKernel = try LayoutedParameter(
        canonical: canonicalKernel, wanted: primitive.memoryDescriptor(dnnl_query_weights_md))
    }
    var weightsDescriptor = dnnl_convolution_desc_t()
    try check(
      dnnl_convolution_backward_weights_desc_init(
        &weightsDescriptor, dnnl_convolution_direct, &source, &anyKernelGradient, &biasDescriptor,
        &destination, strides,
        padBefore, padAfter),
      "\(node.name): convolution backward-weights descriptor")
    let weightsPrimitive = try DNNLPrimitive(
      node.name + " backward weights", operation: &weightsDescriptor, hint: forwardPrimitive)
    backwardWeightsPrimitive = weightsPrimitive
    kernelGradient = try ParameterGradient(
      canonical: canonicalKernel,
      produced: weightsPrimitive.memoryDescriptor(dnnl_query_diff_weights_md))
    biasGradient = try DNNLMemory(biasDescriptor)
  }

  /// The canonical HWIO kernel layout, in oneDNN's logical (g)oihw dims.
  static func canonicalKernelDescriptor(attributes: Conv2DAttributes, inputChannels: Int) throws
    -> dnnl_memory_desc_t
  {
    try kernelDescriptor(
      attributes: attributes, inputChannels: inputChannels,
      tag: attributes.groups > 1 ? dnnl_hwigo : dnnl_hwio)
  }

  private static func kernelDescriptor(
    attributes: Conv2DAttributes, inputChannels: Int, tag: dnnl_format_tag_t,
    type: dnnl_data_type_t = dnnl_f32
  ) throws -> dnnl_memory_desc_t {
    let groups = attributes.groups
    let k = attributes.kernel
    if groups > 1 {
      return try MemoryDescriptor.plain(
        [groups, attributes.filters / groups, inputChannels / groups, k, k], tag: tag, type: type)
    }
    return try MemoryDescriptor.plain(
      [attributes.filters, inputChannels, k, k], tag: tag, type: type)
  }

  /// TensorFlow-style padding (extra row/column at the end) for `same`.
  static func padding(attributes: Conv2DAttributes, input: [Int]) -> ([Int64], [Int64]) {
    guard attributes.padding == .same else { return ([0, 0], [0, 0]) }
    let vertical = ShapeInference.samePadding(
      input: input[0], window: attributes.kernel, stride: attributes.stride)
    let horizontal = ShapeInference.samePadding(
      input: input[1], window: attributes.kernel, stride: attributes.stride)
    return (
      [Int64(vertical.before), Int64(horizontal.before)],
      [Int64(vertical.after), Int64(horizontal.after)]
    )
  }

  func load(_ parameters: ParameterStore) throws {
    guard let kernel = parameters[node.name + ".kernel"] else {
      throw TriscaleError.invalidModel(
        problem: "missing parameter \(node.name).kernel", fix: "Check the model file")
    }
    try forwardKernel.load(kernel)
    try backwardDataKernel?.load(kernel)
    if attributes.useBias, let values = parameters[node.name + ".bias"] {
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
      (DNNL_ARG_SRC, input.output), (DNNL_ARG_WEIGHTS, forwardKernel.primitiveLayout),
      (DNNL_ARG_BIAS, bias),
      (DNNL_ARG_DST, output.output),
    ])
  }

  func backward(inputGradients: [DNNLMemory?]) throws {
    guard let outputGradient = output.gradient, let backwardWeightsPrimitive, let kernelGradient,
      let biasGradient
    else { return }
    if let target = inputGradients[0], let backwardDataPrimitive, let backwardDataKernel {
      try backwardDataPrimitive.execute([
        (DNNL_ARG_DIFF_DST, outputGradient), (DNNL_ARG_WEIGHTS, backwardDataKernel.primitiveLayout),
        (DNNL_ARG_DIFF_SRC, target),
      ])
    }
    try backwardWeightsPrimitive.execute([
      (DNNL_ARG_SRC, input.output), (DNNL_ARG_DIFF_DST, outputGradient),
      (DNNL_ARG_DIFF_WEIGHTS, kernelGradient.primitiveLayout), (DNNL_ARG_DIFF_BIAS, biasGradient),
    ])
  }

  func gradients(into store: inout ParameterStore) throws {
    guard let kernelGradient, let biasGradient else { return }
    store[node.name + ".kernel"] = try kernelGradient.tensor(shape: kernelShape)
    if attributes.useBias {
      store[node.name + ".bias"] = biasGradient.tensor(shape: [attributes.filters])
    }
  }
}
