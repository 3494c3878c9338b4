/// An activation applied to an int8 operation's output by clamping, as
/// TensorFlow Lite fuses it.
public enum FusedActivation: String, Codable, Sendable {
  /// No clamp beyond the int8 range.
  case none
  /// Clamp below at real 0.
  case relu
  /// Clamp to real [0, 6].
  case relu6

  /// The int8 bounds `[minimum, maximum]` the activation clamps to for an
  /// output quantized with `output`.
  public func bounds(for output: QuantizationParameters) -> (minimum: Int32, maximum: Int32) {
    let zero = output.zeroPoint
    switch self {
    case .none: return (-128, 127)
    case .relu: return (max(-128, zero), 127)
    case .relu6:
      // Clamped in floating point first: a small scale puts 6 far outside int8.
      let six = min(Float(zero) + (6 / output.scale).rounded(), 127)
      return (max(-128, zero), Int32(six))
    }
  }
}
