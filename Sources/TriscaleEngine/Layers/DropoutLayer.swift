import TriscaleCore

/// Inverted dropout: while training, zeroes each activation with probability
/// `rate` and scales the rest by 1/(1-rate); the identity otherwise.
final class DropoutLayer: Layer {
  private let rate: Float
  private let input: NodeBuffers
  private let output: NodeBuffers
  private var mask: [Float]
  /// Seed of the next training forward's mask; the executor sets it per step.
  var seed: UInt64 = 0

  init(rate: Float, input: NodeBuffers, output: NodeBuffers) {
    self.rate = rate
    self.input = input
    self.output = output
    mask = [Float](repeating: 1, count: output.count)
  }

  func forward(training: Bool) throws {
    let source = input.output.pointer
    let destination = output.output.pointer
    guard training, rate > 0 else {
      destination.update(from: source, count: output.count)
      mask = [Float](repeating: 1, count: output.count)
      return
    }
    var random = SeededRandom(seed: seed)
    let keep = 1 / (1 - rate)
    for index in 0..<output.count {
      mask[index] = random.nextUniform() < rate ? 0 : keep
      destination[index] = source[index] * mask[index]
    }
  }

  func backward(inputGradients: [DNNLMemory?]) throws {
    guard let target = inputGradients[0]?.pointer, let gradient = output.gradient?.pointer else {
      return
    }
    for index in 0..<output.count { target[index] = gradient[index] * mask[index] }
  }
}
