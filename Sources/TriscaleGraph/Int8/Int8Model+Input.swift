extension Int8Model {
  /// Quantizes one normalized float image with the input tensor's parameters.
  public func quantizeInput(_ image: UnsafeBufferPointer<Float>) -> [Int8] {
    let parameters = input.quantization
    return image.map { parameters.quantize($0) }
  }

  /// The real values of int8 outputs.
  public func dequantizeOutput(_ values: [Int8]) -> [Float] {
    let parameters = output.quantization
    return values.map { parameters.dequantize($0) }
  }
}
