/// How the weights and activations of an exported TensorFlow Lite model are
/// stored, matching the TensorFlow converter's post-training options.
public enum TFLiteVariant: String, CaseIterable, Sendable {
  /// Float32 weights and activations.
  case float32
  /// Float16 weights, expanded to float32 by `DEQUANTIZE` operators at load
  /// time; float32 activations.
  case float16
  /// Dynamic-range ("hybrid") quantization: int8 symmetric per-channel
  /// convolution and fully connected weights, float32 activations and biases.
  case dynamic
  /// Full integer quantization from an `Int8Model`: int8 input, output and
  /// activations, int32 biases.
  case int8

  /// Whether the variant is exported from a float model (all but ``int8``).
  public var isFloat: Bool { self != .int8 }
}
