import TriscaleGraph

/// Simulated int8 quantization (quantization-aware training): the forward
/// pass rounds every value to the int8 grid of `parameters` and back; the
/// backward pass lets the gradient through where the input was representable
/// (the straight-through estimator) and blocks it where it was clipped.
final class FakeQuantizeLayer: Layer {
  private let parameters: QuantizationParameters
  private let input: NodeBuffers
  private let output: NodeBuffers

  init(parameters: QuantizationParameters, input: NodeBuffers, output: NodeBuffers) {
    self.parameters = parameters
    self.input = input
    self.output = output
  }

  func forward(training: Bool) throws {
    let source = input.output.pointer
    let destination = output.output.pointer
    for index in 0..<input.count {
      destination[index] = parameters.dequantize(parameters.quantize(source[index]))
    }
  }

  func backward(inputGradients: [DNNLMemory?]) throws {
    guard let target = inputGradients[0]?.pointer, let gradient = output.gradient?.pointer else {
      return
    }
    let source = input.output.pointer
    for index in 0..<input.count {
      target[index] = parameters.passesGradient(source[index]) ? gradient[index] : 0
    }
  }
}
