/// The affine mapping of an int8 tensor to real numbers:
/// `real = scale · (q − zeroPoint)`, as in the TensorFlow Lite int8 specification.
public struct QuantizationParameters: Codable, Equatable, Sendable {
  /// Real value of one quantization step; positive and finite.
  public var scale: Float
  /// The int8 value that represents real 0, in [-128, 127].
  public var zeroPoint: Int32

  /// Parameters with the given scale and zero point, unchecked.
  public init(scale: Float, zeroPoint: Int32) {
    self.scale = scale
    self.zeroPoint = zeroPoint
  }

  /// Parameters covering `[minimum, maximum]` (widened to contain 0) with
  /// 256 levels, the zero point nudged to an integer so that 0 is exact.
  public init(covering minimum: Float, _ maximum: Float) {
    let low = min(minimum, 0)
    let high = max(maximum, 0)
    let range = high - low
    guard range > 0, range.isFinite else {
      self.init(scale: 1, zeroPoint: -128)
      return
    }
    let scale = range / 255
    let zeroPoint = (-128 - low / scale).rounded()
    self.init(scale: scale, zeroPoint: Int32(min(max(zeroPoint, -128), 127)))
  }

  /// `value` quantized with round-half-away-from-zero and saturation
  /// (inlinable: the serving path quantizes every input value with it).
  @inlinable
  public func quantize(_ value: Float) -> Int8 {
    let level = (value / scale).rounded() + Float(zeroPoint)
    return Int8(min(max(level, -128), 127))
  }

  /// Whether a straight-through gradient passes at `value`: it lies inside
  /// the representable range `[scale·(−128 − zeroPoint), scale·(127 − zeroPoint)]`.
  public func passesGradient(_ value: Float) -> Bool {
    value >= scale * Float(-128 - zeroPoint) && value <= scale * Float(127 - zeroPoint)
  }

  /// The real value of `level`.
  @inlinable
  public func dequantize(_ level: Int8) -> Float {
    scale * Float(Int32(level) - zeroPoint)
  }
}
