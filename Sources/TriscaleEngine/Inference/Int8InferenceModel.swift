import TriscaleGraph
import TriscaleInt8

/// An ``Int8Model`` on the int8 runtime as an ``InferenceModel``: each image
/// is quantized with the input's parameters, run at batch 1 by an
/// ``Int8Executor`` prepared once, and its output dequantized to logits.
public final class Int8InferenceModel: InferenceModel {
  /// The prepared runtime.
  public let executor: Int8Executor

  /// Prepares `model` for the given kernels.
  public init(model: Int8Model, kernels: Int8KernelChoice = .automatic) throws {
    executor = try Int8Executor(model: model, kernels: kernels)
  }

  /// The model being run.
  public var model: Int8Model { executor.model }
  /// The model's input shape.
  public var inputShape: [Int] { model.input.shape }
  /// The model's name.
  public var name: String { model.name }
  /// The model's output elements per image.
  public var outputWidth: Int { model.output.elementCount }

  /// The dequantized outputs of `images`, run one at a time (each quantized
  /// into one reused input buffer, the outputs dequantized straight into
  /// the result).
  public func logits(for images: UnsafeBufferPointer<Float>) throws -> [Float] {
    let pixels = inputElementCount
    let count = try imageCount(of: images)
    let (input, output, width) = (model.input.quantization, model.output.quantization, outputWidth)
    var quantized = [Int8](repeating: 0, count: pixels)
    var raw = [Int8](repeating: 0, count: width)
    var logits = [Float](repeating: 0, count: count * width)
    quantized.withUnsafeMutableBufferPointer { quantized in
      raw.withUnsafeMutableBufferPointer { raw in
        logits.withUnsafeMutableBufferPointer { logits in
          for image in 0..<count {
            let first = image * pixels
            for index in 0..<pixels { quantized[index] = input.quantize(images[first + index]) }
            executor.run(input: quantized.baseAddress!, output: raw.baseAddress!)
            for unit in 0..<width { logits[image * width + unit] = output.dequantize(raw[unit]) }
          }
        }
      }
    }
    return logits
  }

  /// One ``Int8Executor/run(input:output:)`` on a constant int8 image (every value 1).
  public func withPreparedInference<Result>(
    _ body: (_ infer: () throws -> Void) throws -> Result
  ) throws -> Result {
    let input = [Int8](repeating: 1, count: model.input.elementCount)
    var output = [Int8](repeating: 0, count: outputWidth)
    return try input.withUnsafeBufferPointer { source in
      try output.withUnsafeMutableBufferPointer { target in
        try body { self.executor.run(input: source.baseAddress!, output: target.baseAddress!) }
      }
    }
  }
}
