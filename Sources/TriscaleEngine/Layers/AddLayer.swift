import CDNNL
import TriscaleGraph

/// Element-wise sum of two activations (residual connections): a Swift loop
/// for fp32, a oneDNN binary primitive for reduced-precision activations.
final class AddLayer: Layer {
  private let left: NodeBuffers
  private let right: NodeBuffers
  private let output: NodeBuffers
  private let reducedSum: DNNLPrimitive?

  init(node: Node, left: NodeBuffers, right: NodeBuffers, output: NodeBuffers) throws {
    self.left = left
    self.right = right
    self.output = output
    guard output.dataType != dnnl_f32 else {
      reducedSum = nil
      return
    }
    var first = left.descriptor
    var second = right.descriptor
    var destination = output.descriptor
    var descriptor = dnnl_binary_desc_t()
    try check(
      dnnl_binary_desc_init(&descriptor, dnnl_binary_add, &first, &second, &destination),
      "\(node.name): add descriptor")
    reducedSum = try DNNLPrimitive(node.name + " add", operation: &descriptor)
  }

  var primitives: [DNNLPrimitive] { reducedSum.map { [$0] } ?? [] }

  func forward(training: Bool) throws {
    if let reducedSum {
      try reducedSum.execute([
        (DNNL_ARG_SRC_0, left.output), (DNNL_ARG_SRC_1, right.output),
        (DNNL_ARG_DST, output.output),
      ])
      return
    }
    let a = left.output.pointer
    let b = right.output.pointer
    let sum = output.output.pointer
    for index in 0..<output.count { sum[index] = a[index] + b[index] }
  }

  func backward(inputGradients: [DNNLMemory?]) throws {
    guard let gradient = output.gradient else { return }
    for target in inputGradients.compactMap({ $0 }) { target.copyBytes(from: gradient) }
  }
}
