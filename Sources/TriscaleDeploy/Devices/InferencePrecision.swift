/// The number format a workload computes in, as a device profile rates it.
public enum InferencePrecision: String, CaseIterable, Codable, Sendable, CodingKeyRepresentable {
  /// 32-bit float.
  case fp32
  /// bfloat16.
  case bf16
  /// IEEE half precision.
  case fp16
  /// int8 weights and activations (TFLite int8 specification).
  case int8
}

extension MCUTarget: CodingKeyRepresentable {}
