import TriscaleGraph

/// A rule the ``Trainer`` enforces on the parameters before the first step
/// and after every optimizer step, such as pruning masks.
public protocol ParameterConstraint: AnyObject {
  /// Rewrites `parameters` to satisfy the rule at optimizer step `step` of `totalSteps`.
  func apply(to parameters: inout ParameterStore, step: Int, totalSteps: Int) throws
}
