/// [N, H, W, C] → [N, H·W·C]; NHWC storage is already in that order, so this copies.
final class FlattenLayer: Layer {
  private let input: NodeBuffers
  private let output: NodeBuffers

  init(input: NodeBuffers, output: NodeBuffers) {
    self.input = input
    self.output = output
  }

  func forward(training: Bool) throws {
    output.output.pointer.update(from: input.output.pointer, count: output.count)
  }

  func backward(inputGradients: [DNNLMemory?]) throws {
    guard let target = inputGradients[0], let gradient = output.gradient else { return }
    target.pointer.update(from: gradient.pointer, count: output.count)
  }
}
