/// How a convolution or pooling window treats the border.
public enum Padding: String, Codable, Sendable {
  /// Output size `ceil(input / stride)`; zeros padded as TensorFlow does (extra at the end).
  case same
  /// No padding; output size `(input - window) / stride + 1`.
  case valid
}

/// The attributes of a 2-D convolution over NHWC activations.
public struct Conv2DAttributes: Codable, Equatable, Sendable {
  /// Number of output channels.
  public var filters: Int
  /// Window height and width.
  public var kernel: Int
  /// Step in both spatial directions.
  public var stride: Int
  /// Border handling.
  public var padding: Padding
  /// Channel groups; `groups == inputChannels == filters` is a depthwise convolution.
  public var groups: Int
  /// Whether the convolution adds a per-channel bias.
  public var useBias: Bool

  /// Convolution attributes; by default stride 1, same padding, one group and a bias.
  public init(
    filters: Int, kernel: Int, stride: Int = 1, padding: Padding = .same, groups: Int = 1,
    useBias: Bool = true
  ) {
    self.filters = filters
    self.kernel = kernel
    self.stride = stride
    self.padding = padding
    self.groups = groups
    self.useBias = useBias
  }
}

/// The attributes of a max or average pooling window.
public struct PoolAttributes: Codable, Equatable, Sendable {
  /// Window size in both spatial directions.
  public var size: Int
  /// Step in both spatial directions.
  public var stride: Int
  /// Border handling.
  public var padding: Padding

  /// A `size`×`size` window moved by `stride`, without padding by default.
  public init(size: Int, stride: Int, padding: Padding = .valid) {
    self.size = size
    self.stride = stride
    self.padding = padding
  }
}

/// One typed operation of the graph IR. Activations are NHWC; the batch
/// dimension is implicit and never part of a node's shape.
public enum Operation: Codable, Equatable, Sendable {
  /// The graph input (an image of the graph's input shape).
  case input
  /// 2-D convolution, including grouped and depthwise.
  case conv2d(Conv2DAttributes)
  /// Fully connected layer over a flat feature vector.
  case dense(units: Int, useBias: Bool)
  /// Batch normalization over the channel (last) dimension.
  case batchNorm(epsilon: Float, momentum: Float)
  /// max(x, 0).
  case relu
  /// min(max(x, 0), 6).
  case relu6
  /// Max pooling.
  case maxPool(PoolAttributes)
  /// Average pooling (padding excluded from the average).
  case avgPool(PoolAttributes)
  /// Average over all spatial positions: [H, W, C] → [C].
  case globalAvgPool
  /// Element-wise sum of two inputs of the same shape.
  case add
  /// [H, W, C] → [H·W·C] in NHWC order.
  case flatten
  /// Zeroes a fraction `rate` of activations during training (inverted dropout).
  case dropout(rate: Float)
  /// Softmax over the last dimension.
  case softmax
  /// Rounds to the 256-level int8 grid over [low, high] and back (the
  /// simulated quantization of quantization-aware training); the gradient
  /// passes straight through inside the range and is zero outside.
  case fakeQuantize(low: Float, high: Float)

  /// A short lower-case name for listings and error messages.
  public var kindName: String {
    switch self {
    case .input: "input"
    case .conv2d(let attributes): attributes.groups > 1 ? "depthwise_conv2d" : "conv2d"
    case .dense: "dense"
    case .batchNorm: "batch_norm"
    case .relu: "relu"
    case .relu6: "relu6"
    case .maxPool: "max_pool"
    case .avgPool: "avg_pool"
    case .globalAvgPool: "global_avg_pool"
    case .add: "add"
    case .flatten: "flatten"
    case .dropout: "dropout"
    case .softmax: "softmax"
    case .fakeQuantize: "fake_quantize"
    }
  }
}
