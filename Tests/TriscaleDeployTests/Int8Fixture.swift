import TriscaleCore
import TriscaleGraph

/// A hand-built fully int8 model covering every ``Int8Operation``: conv
/// (VALID, ReLU), depthwise conv (stride 2, SAME, ReLU6), 1x1 conv, an add of
/// two differently quantized operands (ReLU), max pool (SAME), average pool
/// (stride 2, SAME, so border windows average fewer values), a global
/// average pool, reshape and a fully connected classifier. Weights and biases
/// are seeded random; scales are chosen so that activations use a good part
/// of the int8 range without saturating everywhere.
///
/// With `activations: false` every fused activation is `none` and every
/// zero point near 0, so negative values (where rounding modes differ) are
/// not clamped away.
enum Int8Fixture {
  static func model(seed: UInt64, activations: Bool = true) -> Int8Model {
    var random = SeededRandom(seed: seed)
    func quantization(_ scale: Float, _ zeroPoint: Int32) -> QuantizationParameters {
      QuantizationParameters(
        scale: scale, zeroPoint: activations || zeroPoint > -100 ? zeroPoint : -3)
    }
    func fused(_ activation: FusedActivation) -> FusedActivation {
      activations ? activation : .none
    }
    let tensors: [Int8Model.TensorInfo] = [
      .init(name: "input", shape: [9, 9, 3], quantization: quantization(0.05, 3)),
      .init(name: "conv", shape: [7, 7, 8], quantization: quantization(0.04, -128)),
      .init(name: "depthwise", shape: [4, 4, 8], quantization: quantization(6.0 / 255, -128)),
      .init(name: "pointwise", shape: [4, 4, 8], quantization: quantization(0.06, 10)),
      .init(name: "add", shape: [4, 4, 8], quantization: quantization(0.05, -128)),
      .init(name: "max_pool", shape: [4, 4, 8], quantization: quantization(0.05, -128)),
      .init(name: "avg_pool", shape: [2, 2, 8], quantization: quantization(0.05, -128)),
      .init(name: "global_pool", shape: [1, 1, 8], quantization: quantization(0.05, -128)),
      .init(name: "flatten", shape: [8], quantization: quantization(0.05, -128)),
      .init(name: "classifier", shape: [10], quantization: quantization(0.1, 2)),
    ]

    /// Per-channel weight scales for which a typical accumulator of `fanIn`
    /// random products lands near ±40 output levels.
    func weightScales(_ count: Int, fanIn: Int, input: Int, output: Int) -> [Float] {
      let typical = Float(fanIn).squareRoot() * 74 * 73 / 40
      let base = tensors[output].quantization.scale / (tensors[input].quantization.scale * typical)
      return (0..<count).map { _ in base * (0.5 + random.nextUniform()) }
    }
    func levels(_ count: Int) -> [Int8] {
      (0..<count).map { _ in Int8(random.nextInt(below: 255) - 127) }
    }
    func biases(_ count: Int, fanIn: Int) -> [Int32] {
      let bound = Int(Float(fanIn).squareRoot() * 3000)
      return (0..<count).map { _ in Int32(random.nextInt(below: 2 * bound + 1) - bound) }
    }
    func convolution(
      _ input: Int, _ output: Int, kernel: Int, stride: Int, padding: Padding, groups: Int,
      activation: FusedActivation
    ) -> Int8Operation {
      let inputChannels = tensors[input].shape[2]
      let outputChannels = tensors[output].shape[2]
      let fanIn = kernel * kernel * inputChannels / groups
      return .convolution(
        Int8Convolution(
          input: input, output: output, kernel: kernel, stride: stride, padding: padding,
          groups: groups, activation: activation, weights: levels(outputChannels * fanIn),
          weightScales: weightScales(outputChannels, fanIn: fanIn, input: input, output: output),
          bias: biases(outputChannels, fanIn: fanIn)))
    }

    let operations: [Int8Operation] = [
      convolution(0, 1, kernel: 3, stride: 1, padding: .valid, groups: 1, activation: fused(.relu)),
      convolution(1, 2, kernel: 3, stride: 2, padding: .same, groups: 8, activation: fused(.relu6)),
      convolution(2, 3, kernel: 1, stride: 1, padding: .same, groups: 1, activation: fused(.none)),
      .add(left: 2, right: 3, output: 4, activation: fused(.relu)),
      .maxPool(input: 4, output: 5, attributes: PoolAttributes(size: 3, stride: 1, padding: .same)),
      .averagePool(
        input: 5, output: 6, attributes: PoolAttributes(size: 3, stride: 2, padding: .same)),
      .averagePool(
        input: 6, output: 7, attributes: PoolAttributes(size: 2, stride: 1, padding: .valid)),
      .reshape(input: 7, output: 8),
      .fullyConnected(
        Int8FullyConnected(
          input: 8, output: 9, activation: fused(.none), weights: levels(10 * 8),
          weightScale: weightScales(1, fanIn: 8, input: 8, output: 9)[0],
          bias: biases(10, fanIn: 8))),
    ]
    return Int8Model(name: "int8-fixture", tensors: tensors, operations: operations)
  }

  /// `count` images of uniform random int8 levels.
  static func images(_ count: Int, for model: Int8Model, seed: UInt64) -> [Int8] {
    var random = SeededRandom(seed: seed)
    return (0..<(count * model.input.elementCount)).map { _ in
      Int8(truncatingIfNeeded: random.next())
    }
  }
}
