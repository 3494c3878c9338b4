import TriscaleGraph

/// Updates a model's trainable parameters from their gradients.
///
/// Gradients carry only trainable keys; batch-norm moving statistics in
/// `parameters` are never touched. Everything an optimizer remembers between
/// steps is exported as ``state`` plus ``stepCount`` so a checkpoint can
/// restore it exactly with ``load(state:stepCount:)``.
public protocol Optimizer: Sendable {
  /// A short name recorded in checkpoints ("sgd", "adamw").
  var name: String { get }
  /// The number of completed steps.
  var stepCount: Int { get }
  /// The per-parameter buffers, keyed "parameterKey.slot" (for example "stem.kernel.momentum").
  var state: ParameterStore { get }

  /// Applies one update with `learningRate` to every parameter that has a gradient.
  ///
  /// Nothing is changed when it throws (a gradient without a matching
  /// parameter, a shape mismatch, or a learning rate that is negative or not finite).
  mutating func step(
    parameters: inout ParameterStore, gradients: ParameterStore, learningRate: Float) throws

  /// Replaces the optimizer's memory with a ``state`` and ``stepCount`` exported earlier.
  mutating func load(state: ParameterStore, stepCount: Int) throws
}
