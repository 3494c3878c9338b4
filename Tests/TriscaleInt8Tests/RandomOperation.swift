import TriscaleCore
import TriscaleGraph

/// Seeded one-operation int8 models of random geometry, for checking each
/// kernel on its own: odd sizes, strides 1 to 3, same and valid padding,
/// windows up to 5, and quantizations that reach the clamp edges (zero
/// points at −128 and 127, ReLU and ReLU6, output scales small enough to
/// saturate).
struct RandomOperation {
  private var random: SeededRandom

  init(seed: UInt64) { random = SeededRandom(seed: seed) }

  /// A full (`depthwise` false) or depthwise convolution; `wide` takes
  /// input channels that are multiples of 4 up to 64 and up to 80 filters
  /// (the widths of CIFAR networks, several blocks of 16 output channels).
  mutating func convolution(depthwise: Bool, wide: Bool = false) -> Int8Model {
    var (kernel, stride, padding, input, spatial) = window(maximumSize: 5, maximumChannels: 19)
    if wide { input[2] = 4 * (1 + int(below: 16)) }
    let filters = depthwise ? input[2] : 1 + int(below: wide ? 80 : 21)
    let depth = depthwise ? 1 : input[2]
    let operation = Int8Convolution(
      input: 0, output: 1, kernel: kernel, stride: stride, padding: padding,
      groups: depthwise ? input[2] : 1, activation: activation(),
      weights: weights(filters * kernel * kernel * depth),
      weightScales: (0..<filters).map { _ in 0.001 + uniform() * 0.02 },
      bias: (0..<filters).map { _ in Int32(int(below: 8001)) - 4000 })
    return model(input, spatial + [filters], .convolution(operation))
  }

  /// A fully connected layer over up to 300 features.
  mutating func fullyConnected() -> Int8Model {
    let features = 1 + int(below: 300)
    let units = 1 + int(below: 40)
    let layer = Int8FullyConnected(
      input: 0, output: 1, activation: activation(), weights: weights(units * features),
      weightScale: 0.001 + uniform() * 0.01,
      bias: (0..<units).map { _ in Int32(int(below: 8001)) - 4000 })
    return model([features], [units], .fullyConnected(layer))
  }

  /// A max (`average` false) or average pool; the output keeps the input's quantization.
  mutating func pool(average: Bool) -> Int8Model {
    let (size, stride, padding, input, spatial) = window(maximumSize: 4, maximumChannels: 70)
    let attributes = PoolAttributes(size: size, stride: stride, padding: padding)
    let operation: Int8Operation =
      average
      ? .averagePool(input: 0, output: 1, attributes: attributes)
      : .maxPool(input: 0, output: 1, attributes: attributes)
    return model(input, spatial + [input[2]], operation, sameQuantization: true)
  }

  /// A window geometry: size, stride 1 to 3, padding, an input [H, W, C]
  /// (H and W up to 8 beyond what the window needs) and the output's [H, W].
  private mutating func window(
    maximumSize: Int, maximumChannels: Int
  ) -> (size: Int, stride: Int, padding: Padding, input: [Int], output: [Int]) {
    let size = 1 + int(below: maximumSize)
    let stride = 1 + int(below: 3)
    let padding: Padding = bool() ? .same : .valid
    let minimum = padding == .valid ? size : 1
    let input = [
      minimum + int(below: 9), minimum + int(below: 9), 1 + int(below: maximumChannels),
    ]
    let output = input.prefix(2).map {
      padding == .same ? ($0 + stride - 1) / stride : ($0 - size) / stride + 1
    }
    return (size, stride, padding, input, output)
  }

  /// Quantization parameters with zero points anywhere in the int8 range,
  /// the extremes included.
  mutating func quantization() -> QuantizationParameters {
    let zeroPoints: [Int32] = [-128, 127, 0]
    let zeroPoint =
      int(below: 4) == 0
      ? zeroPoints[int(below: zeroPoints.count)] : Int32(int(below: 256)) - 128
    return QuantizationParameters(scale: 0.005 + uniform() * 0.2, zeroPoint: zeroPoint)
  }

  /// `count` random int8 values.
  mutating func values(_ count: Int) -> [Int8] {
    (0..<count).map { _ in Int8(int(below: 256) - 128) }
  }

  /// A number in 0..<bound.
  mutating func int(below bound: Int) -> Int { random.nextInt(below: bound) }

  /// A number in [0, 1).
  mutating func uniform() -> Float { random.nextUniform() }

  private mutating func bool() -> Bool { int(below: 2) == 0 }

  private mutating func activation() -> FusedActivation {
    [FusedActivation.none, .relu, .relu6][int(below: 3)]
  }

  private mutating func weights(_ count: Int) -> [Int8] {
    (0..<count).map { _ in Int8(int(below: 255) - 127) }
  }

  private mutating func model(
    _ input: [Int], _ output: [Int], _ operation: Int8Operation, sameQuantization: Bool = false
  ) -> Int8Model {
    let inputQuantization = quantization()
    return Int8Model(
      name: "one-operation",
      tensors: [
        .init(name: "input", shape: input, quantization: inputQuantization),
        .init(
          name: "output", shape: output,
          quantization: sameQuantization ? inputQuantization : quantization()),
      ],
      operations: [operation])
  }
}
