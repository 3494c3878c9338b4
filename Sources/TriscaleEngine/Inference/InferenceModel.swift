import TriscaleCore

/// A classifier ready for inference, its weights bound once: what the
/// ``Evaluator``, the ``LatencyTimer``, a cascade and a server take, whether
/// the model runs in float (``FloatInferenceModel``) or int8
/// (``Int8InferenceModel``).
///
/// Conforming types keep per-call buffers, so one value serves one thread.
public protocol InferenceModel {
  /// The shape of one input image, `[height, width, channels]`.
  var inputShape: [Int] { get }
  /// The architecture's name, for messages ("resnet8").
  var name: String { get }
  /// Logits per image (for a classifier, its class count).
  var outputWidth: Int { get }

  /// Maps `images` (a batch of NHWC images, normalized floats, a whole
  /// number of ``inputShape``s) to their logits, ``outputWidth`` floats per
  /// image in the same order.
  func logits(for images: UnsafeBufferPointer<Float>) throws -> [Float]

  /// Calls `body` with `infer`, one run of the runtime on a constant input
  /// already in the runtime's own format (quantized for int8), allocating
  /// nothing: the call a latency timer times, with no conversion around it.
  func withPreparedInference<Result>(_ body: (_ infer: () throws -> Void) throws -> Result)
    throws -> Result
}

extension InferenceModel {
  /// Elements of one input image.
  public var inputElementCount: Int { inputShape.reduce(1, *) }

  /// How many images `images` holds; throws when it is not a whole number.
  func imageCount(of images: UnsafeBufferPointer<Float>) throws -> Int {
    guard images.count % inputElementCount == 0 else {
      throw TriscaleError.invalidArgument(
        name: "images", problem: "\(images.count) values are not whole images of \(inputShape)",
        fix: "Pass a multiple of \(inputElementCount) NHWC floats")
    }
    return images.count / inputElementCount
  }
}
