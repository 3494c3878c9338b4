import CDNNL

/// The floating-point format a ``FloatExecutor`` keeps activations and
/// activation gradients in.
///
/// Parameters always stay fp32 outside the executor (the optimizer's master
/// weights); kernels are converted to the precision on each load, and
/// parameter gradients come back in fp32. Where oneDNN has kernels for the
/// precision on this CPU the layers compute in it; elsewhere they compute in
/// fp32 between conversions (see ``FloatExecutor/computePath``).
public enum Precision: String, CaseIterable, Codable, Sendable {
  /// IEEE single precision: 8 exponent bits, 24 significant bits.
  case fp32
  /// bfloat16: fp32's 8 exponent bits (same range), 8 significant bits.
  case bf16
  /// IEEE half precision: 5 exponent bits (largest finite value 65504), 11 significant bits.
  case fp16

  /// The oneDNN data type of activations in this precision.
  var dataType: dnnl_data_type_t {
    switch self {
    case .fp32: dnnl_f32
    case .bf16: dnnl_bf16
    case .fp16: dnnl_f16
    }
  }

  /// `value` rounded to the nearest value this precision represents (ties to
  /// even), as oneDNN's conversions round; fp16 overflows to ±infinity.
  public func rounded(_ value: Float) -> Float {
    switch self {
    case .fp32:
      return value
    case .bf16:
      guard !value.isNaN else { return value }
      let bits = value.bitPattern
      let tieToEven = UInt32(0x7FFF) + ((bits >> 16) & 1)
      return Float(bitPattern: (bits &+ tieToEven) & 0xFFFF_0000)
    case .fp16:
      return Float(Float16(value))
    }
  }
}
