import TriscaleCore
import TriscaleGraph

/// Seeded int8 models with random weights and plausible scales, covering
/// every int8 operation: full convolutions (odd channel counts, stride 2,
/// same and valid padding), a depthwise convolution, an add, both pools, a
/// reshape and a fully connected layer.
public enum RandomInt8Model {
  /// The model for `seed`.
  public static func make(seed: UInt64) -> Int8Model {
    var random = SeededRandom(seed: seed)
    var tensors: [Int8Model.TensorInfo] = []
    var operations: [Int8Operation] = []
    func quantization() -> QuantizationParameters {
      QuantizationParameters(
        scale: 0.02 + random.nextUniform() * 0.1, zeroPoint: Int32(random.nextInt(below: 60)) - 30)
    }
    func tensor(_ shape: [Int], _ parameters: QuantizationParameters? = nil) -> Int {
      tensors.append(
        Int8Model.TensorInfo(
          name: "t\(tensors.count)", shape: shape, quantization: parameters ?? quantization()))
      return tensors.count - 1
    }
    func weights(_ count: Int) -> [Int8] {
      (0..<count).map { _ in Int8(random.nextInt(below: 255) - 127) }
    }
    func convolution(
      _ input: Int, filters: Int, kernel: Int, stride: Int, padding: Padding, depthwise: Bool,
      activation: FusedActivation
    ) -> Int {
      let shape = tensors[input].shape
      let height =
        padding == .same ? (shape[0] + stride - 1) / stride : (shape[0] - kernel) / stride + 1
      let width =
        padding == .same ? (shape[1] + stride - 1) / stride : (shape[1] - kernel) / stride + 1
      let output = tensor([height, width, filters])
      let perGroup = depthwise ? 1 : shape[2]
      operations.append(
        .convolution(
          Int8Convolution(
            input: input, output: output, kernel: kernel, stride: stride, padding: padding,
            groups: depthwise ? shape[2] : 1, activation: activation,
            weights: weights(filters * kernel * kernel * perGroup),
            weightScales: (0..<filters).map { _ in 0.002 + random.nextUniform() * 0.01 },
            bias: (0..<filters).map { _ in Int32(random.nextInt(below: 4001)) - 2000 })))
      return output
    }
    let input = tensor([9, 11, 3])
    let stem = convolution(
      input, filters: 17, kernel: 3, stride: 1, padding: .same, depthwise: false, activation: .relu)
    let down = convolution(
      stem, filters: 20, kernel: 3, stride: 2, padding: .same, depthwise: false, activation: .none)
    let depthwise = convolution(
      down, filters: 20, kernel: 3, stride: 1, padding: .same, depthwise: true, activation: .relu6)
    let pointwise = convolution(
      depthwise, filters: 20, kernel: 1, stride: 1, padding: .valid, depthwise: false,
      activation: .none)
    let sum = tensor(tensors[pointwise].shape)
    operations.append(.add(left: pointwise, right: down, output: sum, activation: .relu))
    let valid = convolution(
      sum, filters: 12, kernel: 2, stride: 1, padding: .valid, depthwise: false, activation: .none)
    let pooledMax = tensor([2, 2, 12], tensors[valid].quantization)
    operations.append(
      .maxPool(
        input: valid, output: pooledMax,
        attributes: PoolAttributes(size: 2, stride: 2, padding: .valid)))
    let pooledAverage = tensor([1, 1, 12], tensors[valid].quantization)
    operations.append(
      .averagePool(
        input: pooledMax, output: pooledAverage, attributes: PoolAttributes(size: 2, stride: 2)))
    let flat = tensor([12], tensors[valid].quantization)
    operations.append(.reshape(input: pooledAverage, output: flat))
    let logits = tensor([10])
    operations.append(
      .fullyConnected(
        Int8FullyConnected(
          input: flat, output: logits, activation: .none, weights: weights(120), weightScale: 0.004,
          bias: (0..<10).map { _ in Int32(random.nextInt(below: 2001)) - 1000 })))
    return Int8Model(name: "random-int8", tensors: tensors, operations: operations)
  }

  /// `count` random int8 images for `model`.
  public static func inputs(for model: Int8Model, count: Int, seed: UInt64) -> [[Int8]] {
    var random = SeededRandom(seed: seed)
    return (0..<count).map { _ in
      (0..<model.input.elementCount).map { _ in Int8(random.nextInt(below: 256) - 128) }
    }
  }
}
