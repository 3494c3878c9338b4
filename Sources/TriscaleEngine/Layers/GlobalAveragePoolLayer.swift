/// Mean over all spatial positions: [N, H, W, C] → [N, C].
final class GlobalAveragePoolLayer: Layer {
  private let input: NodeBuffers
  private let output: NodeBuffers

  init(input: NodeBuffers, output: NodeBuffers) {
    self.input = input
    self.output = output
  }

  private var positions: Int { input.shape[1] * input.shape[2] }
  private var channels: Int { input.shape[3] }

  func forward(training: Bool) throws {
    let source = input.output.pointer
    let destination = output.output.pointer
    let scale = 1 / Float(positions)
    for image in 0..<input.shape[0] {
      let row = destination + image * channels
      row.update(repeating: 0, count: channels)
      var pixel = source + image * positions * channels
      for _ in 0..<positions {
        for channel in 0..<channels { row[channel] += pixel[channel] }
        pixel += channels
      }
      for channel in 0..<channels { row[channel] *= scale }
    }
  }

  func backward(inputGradients: [DNNLMemory?]) throws {
    guard let target = inputGradients[0]?.pointer, let gradient = output.gradient?.pointer else {
      return
    }
    let scale = 1 / Float(positions)
    for image in 0..<input.shape[0] {
      let row = gradient + image * channels
      var pixel = target + image * positions * channels
      for _ in 0..<positions {
        for channel in 0..<channels { pixel[channel] = row[channel] * scale }
        pixel += channels
      }
    }
  }
}
