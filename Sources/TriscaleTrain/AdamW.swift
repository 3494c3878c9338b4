import Foundation
import TriscaleCore
import TriscaleGraph

/// Adam with decoupled weight decay (Loshchilov & Hutter), following PyTorch's
/// `torch.optim.AdamW`. At step t (from 1):
///
///     p = p · (1 − lr · weightDecay)        (if the parameter is decayed)
///     m = β1 · m + (1 − β1) · g
///     v = β2 · v + (1 − β2) · g²
///     p = p − lr · (m / (1 − β1ᵗ)) / (√(v / (1 − β2ᵗ)) + ε)
public struct AdamW: Optimizer {
  /// Decay of the first-moment estimate, in [0, 1).
  public let beta1: Float
  /// Decay of the second-moment estimate, in [0, 1).
  public let beta2: Float
  /// Added to the denominator for numerical stability.
  public let epsilon: Float
  /// The decoupled weight decay, multiplied by the learning rate.
  public let weightDecay: Float
  /// Which parameters weight decay applies to.
  public let weightDecayScope: WeightDecayScope
  /// The number of completed steps.
  public private(set) var stepCount = 0
  private var firstMoment = OptimizerSlot(suffix: "adam_m")
  private var secondMoment = OptimizerSlot(suffix: "adam_v")

  /// An AdamW optimizer; throws when a hyperparameter is out of range.
  public init(
    beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8, weightDecay: Float = 0.01,
    weightDecayScope: WeightDecayScope = .kernels
  ) throws {
    for (name, beta) in [("beta1", beta1), ("beta2", beta2)] where !(beta >= 0 && beta < 1) {
      throw TriscaleError.invalidArgument(
        name: name, problem: "\(beta) is outside [0, 1)", fix: "Use the defaults 0.9 and 0.999")
    }
    guard epsilon > 0, epsilon.isFinite else {
      throw TriscaleError.invalidArgument(
        name: "epsilon", problem: "\(epsilon) is not a positive finite number",
        fix: "Use a value such as 1e-8")
    }
    try ParameterUpdate.checkWeightDecay(weightDecay, example: "0.01")
    self.beta1 = beta1
    self.beta2 = beta2
    self.epsilon = epsilon
    self.weightDecay = weightDecay
    self.weightDecayScope = weightDecayScope
  }

  /// The optimizer's name in checkpoints.
  public var name: String { "adamw" }

  /// The first and second moments, keyed "parameterKey.adam_m" and "parameterKey.adam_v".
  public var state: ParameterStore {
    var store = ParameterStore()
    firstMoment.export(into: &store)
    secondMoment.export(into: &store)
    return store
  }

  /// One AdamW update of `parameters` with `gradients` at `learningRate`.
  public mutating func step(
    parameters: inout ParameterStore, gradients: ParameterStore, learningRate: Float
  ) throws {
    let items = try ParameterUpdate.plan(
      parameters: parameters, gradients: gradients, learningRate: learningRate)
    for item in items {
      try firstMoment.check(item.key, shape: item.shape)
      try secondMoment.check(item.key, shape: item.shape)
    }
    let time = Double(stepCount + 1)
    let correction1 = Float(1 - pow(Double(beta1), time))
    let correction2 = Float(1 - pow(Double(beta2), time))
    let (beta1, beta2, epsilon) = (self.beta1, self.beta2, self.epsilon)
    for item in items {
      let shrink = weightDecayScope.includes(item.role) ? 1 - learningRate * weightDecay : 1
      ParameterUpdate.apply(item, parameters: &parameters, gradients: gradients) {
        parameter, gradient in
        firstMoment.withBuffer(of: item.key, shape: item.shape) { m in
          secondMoment.withBuffer(of: item.key, shape: item.shape) { v in
            for index in 0..<parameter.count {
              let g = gradient[index]
              m[index] = beta1 * m[index] + (1 - beta1) * g
              v[index] = beta2 * v[index] + (1 - beta2) * g * g
              let denominator = (v[index] / correction2).squareRoot() + epsilon
              parameter[index] =
                parameter[index] * shrink - learningRate * (m[index] / correction1) / denominator
            }
          }
        }
      }
    }
    stepCount += 1
  }

  /// Restores the moments and step count from a checkpoint; throws when `state`
  /// holds a buffer that is not AdamW's or `stepCount` is negative.
  public mutating func load(state: ParameterStore, stepCount: Int) throws {
    try OptimizerSlot.checkOwnership(
      of: state, by: [firstMoment, secondMoment], optimizer: name, stepCount: stepCount)
    firstMoment = OptimizerSlot(suffix: firstMoment.suffix, from: state)
    secondMoment = OptimizerSlot(suffix: secondMoment.suffix, from: state)
    self.stepCount = stepCount
  }
}
