/// A 2-D convolution over int8 NHWC activations: per-channel symmetric int8
/// weights, int32 bias, fixed-point requantization (TensorFlow Lite's
/// `CONV_2D`, or `DEPTHWISE_CONV_2D` when ``isDepthwise``).
public struct Int8Convolution: Codable, Equatable, Sendable {
  /// Tensor index of the input.
  public var input: Int
  /// Tensor index of the output.
  public var output: Int
  /// Window height and width.
  public var kernel: Int
  /// Step in both spatial directions.
  public var stride: Int
  /// Border handling.
  public var padding: Padding
  /// Channel groups: 1 for a full convolution, input channels for depthwise.
  public var groups: Int
  /// The clamp applied to the output.
  public var activation: FusedActivation
  /// Weights in OHWI order: `[outputChannels][kernel][kernel][inputChannels / groups]`.
  public var weights: [Int8]
  /// One scale per output channel (zero points are 0).
  public var weightScales: [Float]
  /// One int32 bias per output channel, in units of `inputScale · weightScales[c]`.
  public var bias: [Int32]

  /// A convolution from its parts, unchecked; ``Int8Model/validate()`` checks
  /// the sizes.
  public init(
    input: Int, output: Int, kernel: Int, stride: Int, padding: Padding, groups: Int,
    activation: FusedActivation, weights: [Int8], weightScales: [Float], bias: [Int32]
  ) {
    self.input = input
    self.output = output
    self.kernel = kernel
    self.stride = stride
    self.padding = padding
    self.groups = groups
    self.activation = activation
    self.weights = weights
    self.weightScales = weightScales
    self.bias = bias
  }

  /// Output channels.
  public var outputChannels: Int { bias.count }
  /// Whether every group has one input and one output channel.
  public var isDepthwise: Bool { groups > 1 && groups == outputChannels }
}

/// A fully connected layer over an int8 feature vector with per-tensor
/// symmetric int8 weights (TensorFlow Lite's `FULLY_CONNECTED`).
public struct Int8FullyConnected: Codable, Equatable, Sendable {
  /// Tensor index of the input (a flat feature vector).
  public var input: Int
  /// Tensor index of the output.
  public var output: Int
  /// The clamp applied to the output.
  public var activation: FusedActivation
  /// Weights `[units][features]` (TensorFlow Lite's layout).
  public var weights: [Int8]
  /// The weights' one scale (zero point 0).
  public var weightScale: Float
  /// One int32 bias per unit, in units of `inputScale · weightScale`.
  public var bias: [Int32]

  /// A fully connected layer from its parts, unchecked; ``Int8Model/validate()``
  /// checks the sizes.
  public init(
    input: Int, output: Int, activation: FusedActivation, weights: [Int8], weightScale: Float,
    bias: [Int32]
  ) {
    self.input = input
    self.output = output
    self.activation = activation
    self.weights = weights
    self.weightScale = weightScale
    self.bias = bias
  }

  /// Output units.
  public var units: Int { bias.count }
}

/// One operation of an ``Int8Model``; operands are indices into its tensors.
public enum Int8Operation: Codable, Equatable, Sendable {
  /// Convolution, full or depthwise.
  case convolution(Int8Convolution)
  /// Fully connected layer.
  case fullyConnected(Int8FullyConnected)
  /// Element-wise sum of two tensors of one shape, requantized to the output's scale.
  case add(left: Int, right: Int, output: Int, activation: FusedActivation)
  /// Max pooling; the output has the input's quantization.
  case maxPool(input: Int, output: Int, attributes: PoolAttributes)
  /// Average pooling (padding excluded); the output has the input's quantization.
  /// A global average pool is a window over the whole input.
  case averagePool(input: Int, output: Int, attributes: PoolAttributes)
  /// The same values under a new shape (flatten); quantization unchanged.
  case reshape(input: Int, output: Int)

  /// The tensor indices the operation reads.
  public var inputs: [Int] {
    switch self {
    case .convolution(let convolution): [convolution.input]
    case .fullyConnected(let layer): [layer.input]
    case .add(let left, let right, _, _): [left, right]
    case .maxPool(let input, _, _), .averagePool(let input, _, _), .reshape(let input, _): [input]
    }
  }

  /// The tensor index the operation writes.
  public var output: Int {
    switch self {
    case .convolution(let convolution): convolution.output
    case .fullyConnected(let layer): layer.output
    case .add(_, _, let output, _), .maxPool(_, let output, _), .averagePool(_, let output, _),
      .reshape(_, let output):
      output
    }
  }
}
