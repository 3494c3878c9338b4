/// Element-wise sum of two activations (residual connections).
final class AddLayer: Layer {
  private let left: NodeBuffers
  private let right: NodeBuffers
  private let output: NodeBuffers

  init(left: NodeBuffers, right: NodeBuffers, output: NodeBuffers) {
    self.left = left
    self.right = right
    self.output = output
  }

  func forward(training: Bool) throws {
    let a = left.output.pointer
    let b = right.output.pointer
    let sum = output.output.pointer
    for index in 0..<output.count { sum[index] = a[index] + b[index] }
  }

  func backward(inputGradients: [DNNLMemory?]) throws {
    guard let gradient = output.gradient else { return }
    for target in inputGradients.compactMap({ $0 }) {
      target.pointer.update(from: gradient.pointer, count: output.count)
    }
  }
}
