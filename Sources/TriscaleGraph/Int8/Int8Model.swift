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

  /// Checks operand indices, execution order and parameter sizes; throws
  /// naming the first inconsistency.
  public func validate() throws {
    guard tensors.count >= 2, !operations.isEmpty else {
      throw invalid("it has no operations", at: name)
    }
    var written = Set([0])
    for operation in operations {
      for input in operation.inputs where !written.contains(input) {
        throw invalid("an operation reads tensor \(input) before it is written", at: name)
      }
      guard operation.output > 0, operation.output < tensors.count,
        written.insert(operation.output).inserted
      else {
        throw invalid("tensor \(operation.output) is written twice or does not exist", at: name)
      }
      try validateParameters(of: operation)
    }
    guard written.contains(tensors.count - 1) else {
      throw invalid("no operation writes the output tensor", at: name)
    }
  }

  private func validateParameters(of operation: Int8Operation) throws {
    switch operation {
    case .convolution(let convolution):
      let input = tensors[convolution.input]
      let channels = input.shape.last ?? 0
      let expected =
        convolution.outputChannels * convolution.kernel * convolution.kernel
        * (channels / max(convolution.groups, 1))
      guard convolution.weights.count == expected,
        convolution.weightScales.count == convolution.outputChannels,
        tensors[convolution.output].shape.last == convolution.outputChannels
      else {
        throw invalid(
          "weights or scales do not match the shapes", at: tensors[convolution.output].name)
      }
    case .fullyConnected(let layer):
      guard layer.weights.count == layer.units * tensors[layer.input].elementCount,
        tensors[layer.output].elementCount == layer.units
      else {
        throw invalid("weights do not match the shapes", at: tensors[layer.output].name)
      }
    case .add(let left, let right, let output, _):
      guard tensors[left].shape == tensors[right].shape,
        tensors[left].shape == tensors[output].shape
      else { throw invalid("an add's operands differ in shape", at: tensors[output].name) }
    case .maxPool(let input, let output, _), .averagePool(let input, let output, _),
      .reshape(let input, let output):
      guard tensors[input].quantization == tensors[output].quantization else {
        throw invalid(
          "a pool or reshape changes the quantization", at: tensors[output].name)
      }
    }
  }

  private func invalid(_ problem: String, at place: String) -> TriscaleError {
    .invalidModel(
      problem: "int8 model '\(name)' is inconsistent at '\(place)': \(problem)",
      fix: "Quantize the float model again with `triscale quantize`")
  }
}
