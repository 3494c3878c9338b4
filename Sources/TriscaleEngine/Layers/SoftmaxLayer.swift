import Foundation

/// Softmax over the last dimension (channels of [N, H, W, C], features of [N, F]).
final class SoftmaxLayer: Layer {
  private let input: NodeBuffers
  private let output: NodeBuffers

  init(input: NodeBuffers, output: NodeBuffers) {
    self.input = input
    self.output = output
  }

  private var width: Int { output.shape[output.shape.count - 1] }
  private var rows: Int { output.count / width }

  func forward(training: Bool) throws {
    for row in 0..<rows {
      let source = input.output.pointer + row * width
      let destination = output.output.pointer + row * width
      var largest = -Float.infinity
      for index in 0..<width { largest = max(largest, source[index]) }
      var total: Float = 0
      for index in 0..<width {
        destination[index] = exp(source[index] - largest)
        total += destination[index]
      }
      for index in 0..<width { destination[index] /= total }
    }
  }

  func backward(inputGradients: [DNNLMemory?]) throws {
    guard let target = inputGradients[0]?.pointer, let gradient = output.gradient?.pointer else {
      return
    }
    for row in 0..<rows {
      let probabilities = output.output.pointer + row * width
      let upstream = gradient + row * width
      var dot: Float = 0
      for index in 0..<width { dot += probabilities[index] * upstream[index] }
      for index in 0..<width {
        target[row * width + index] = probabilities[index] * (upstream[index] - dot)
      }
    }
  }
}
