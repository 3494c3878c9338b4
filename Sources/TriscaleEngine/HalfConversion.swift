/// fp16 ↔ fp32 conversions written in Swift.
///
/// oneDNN 2.6 converts fp16 with scalar reference code on CPUs without
/// AVX512-FP16 (about 20 ns an element, a hundred times its bf16
/// conversion); these loops are exact IEEE conversions (round to nearest,
/// ties to even; overflow to infinity; subnormals kept) written without
/// branches, so the compiler vectorizes them.
enum HalfConversion {
  /// The fp16 bit pattern nearest to `value`.
  @inline(__always)
  static func half(_ value: Float) -> UInt16 {
    let bits = value.bitPattern
    let sign = UInt16(truncatingIfNeeded: (bits >> 16) & 0x8000)
    let magnitude = bits & 0x7FFF_FFFF
    // Normal results: move the exponent from bias 127 to bias 15 and round the
    // 23-bit mantissa to 10 bits; a carry out of the mantissa bumps the exponent,
    // which is what rounding up to the next binade (or to infinity) needs.
    let odd = (magnitude >> 13) & 1
    let normal = UInt16(truncatingIfNeeded: (magnitude &- (112 << 23) &+ 0xFFF &+ odd) >> 13)
    // Subnormal results (below 2^-14): adding 0.5 lines the value up with fp32's
    // mantissa so that the hardware rounds it to a multiple of 2^-24.
    let aligned = (Float(bitPattern: magnitude) + 0.5).bitPattern &- Float(0.5).bitPattern
    let subnormal = UInt16(truncatingIfNeeded: aligned)
    let nan: UInt16 = magnitude > 0x7F80_0000 ? 0x7E00 : 0x7C00
    let result =
      magnitude >= 0x4780_0000
      ? nan  // ≥ 65536, infinity or NaN
      : magnitude < 0x3880_0000 ? subnormal : normal
    return sign | result
  }

  /// The fp32 value of the fp16 bit pattern `half` (exact).
  @inline(__always)
  static func float(_ half: UInt16) -> Float {
    let sign = UInt32(half & 0x8000) << 16
    let exponent = UInt32(half >> 10) & 0x1F
    let mantissa = UInt32(half & 0x3FF)
    let normal = ((exponent &+ 112) << 23) | (mantissa << 13)
    let special = 0x7F80_0000 | (mantissa << 13)
    let subnormal = (Float(Int32(truncatingIfNeeded: mantissa)) * 0x1p-24).bitPattern
    let magnitude = exponent == 0x1F ? special : exponent == 0 ? subnormal : normal
    return Float(bitPattern: sign | magnitude)
  }

  /// Converts `count` fp32 values to fp16.
  static func narrow(
    _ source: UnsafePointer<Float>, into destination: UnsafeMutablePointer<UInt16>, count: Int
  ) {
    for index in 0..<count { destination[index] = half(source[index]) }
  }

  /// Converts `count` fp16 values to fp32.
  static func widen(
    _ source: UnsafePointer<UInt16>, into destination: UnsafeMutablePointer<Float>, count: Int
  ) {
    for index in 0..<count { destination[index] = float(source[index]) }
  }

  /// Adds `count` fp16 values into `destination` (each sum computed in fp32, rounded once).
  static func accumulate(
    _ source: UnsafePointer<UInt16>, into destination: UnsafeMutablePointer<UInt16>, count: Int
  ) {
    for index in 0..<count {
      destination[index] = half(float(destination[index]) + float(source[index]))
    }
  }
}
