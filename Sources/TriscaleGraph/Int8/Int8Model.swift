import TriscaleCore

/// A fully int8-quantized classifier: int8 input, int8 activations, int8
/// output, following the TensorFlow Lite int8 specification. It is what
/// post-training quantization and quantization-aware training produce, what
/// the int8 runtime executes, and what the TFLite and C exporters write.
public struct Int8Model: Codable, Equatable, Sendable {
  /// One activation tensor: its shape (batch excluded) and quantization.
  public struct TensorInfo: Codable, Equatable, Sendable {
    /// The float graph node it stands for, for messages and exports.
    public var name: String
    /// [H, W, C] or [features].
    public var shape: [Int]
    /// How its int8 values map to real numbers.
    public var quantization: QuantizationParameters

    /// A tensor description from its parts.
    public init(name: String, shape: [Int], quantization: QuantizationParameters) {
      self.name = name
      self.shape = shape
      self.quantization = quantization
    }

    /// Elements per image.
    public var elementCount: Int { shape.reduce(1, *) }
  }

  /// The architecture's name ("resnet8").
  public var name: String
  /// Every activation tensor; tensor 0 is the input, the last is the output.
  public var tensors: [TensorInfo]
  /// The operations in execution order.
  public var operations: [Int8Operation]
  /// Carried over from the float model (normalization, dataset, accuracy...), plus
  /// how it was quantized.
  public var metadata: [String: String]

  /// A model from its parts, unchecked; ``validate()`` checks it.
  public init(
    name: String, tensors: [TensorInfo], operations: [Int8Operation],
    metadata: [String: String] = [:]
  ) {
    self.name = name
    self.tensors = tensors
    self.operations = operations
    self.metadata = metadata
  }

  /// The input tensor's description.
  public var input: TensorInfo { tensors[0] }
  /// The output tensor's description.
  public var output: TensorInfo { tensors[tensors.count - 1] }

  /// Bytes of weights and biases (int8 weights, int32 biases, fp32 scales).
  public var parameterByteCount: Int {
    operations.reduce(0) { total, operation in
      switch operation {
      case .convolution(let convolution):
        total + convolution.weights.count + 4 * convolution.bias.count + 4
          * convolution.weightScales.count
      case .fullyConnected(let layer):
        total + layer.weights.count + 4 * layer.bias.count + 4
      default: total
      }
    }
  }
}
