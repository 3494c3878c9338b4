import TriscaleGraph

/// What the forward and backward passes see in place of the trained (master)
/// parameters, such as fake-quantized weights. The gradients computed with
/// the transformed parameters update the master parameters unchanged: the
/// straight-through estimator of quantization-aware training.
public protocol ForwardTransform: AnyObject {
  /// The parameters the passes use for `master`.
  func forwardParameters(from master: ParameterStore) throws -> ParameterStore
}
