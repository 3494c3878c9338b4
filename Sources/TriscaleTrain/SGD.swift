import TriscaleCore
import TriscaleGraph

/// Stochastic gradient descent with momentum, optional Nesterov momentum and
/// L2 weight decay, following PyTorch's `torch.optim.SGD` (no dampening):
///
///     g = gradient + weightDecay · p        (if the parameter is decayed)
///     b = momentum · b + g                  (b starts at zero)
///     p = p − lr · (nesterov ? g + momentum · b : b)
public struct SGD: Optimizer {
  /// The momentum factor in [0, 1); 0 is plain gradient descent.
  public let momentum: Float
  /// Whether to use Nesterov momentum.
  public let nesterov: Bool
  /// The L2 penalty added to the gradient.
  public let weightDecay: Float
  /// Which parameters weight decay applies to.
  public let weightDecayScope: WeightDecayScope
  /// The number of completed steps.
  public private(set) var stepCount = 0
  private var velocity = OptimizerSlot(suffix: "momentum")

  /// An SGD optimizer; throws when a hyperparameter is out of range.
  public init(
    momentum: Float = 0.9, nesterov: Bool = false, weightDecay: Float = 5e-4,
    weightDecayScope: WeightDecayScope = .kernels
  ) throws {
    guard momentum >= 0, momentum < 1 else {
      throw TriscaleError.invalidArgument(
        name: "momentum", problem: "\(momentum) is outside [0, 1)", fix: "Use a value such as 0.9")
    }
    guard !nesterov || momentum > 0 else {
      throw TriscaleError.invalidArgument(
        name: "nesterov", problem: "Nesterov momentum needs a momentum above 0",
        fix: "Set a momentum such as 0.9")
    }
    try ParameterUpdate.checkWeightDecay(weightDecay, example: "5e-4")
    self.momentum = momentum
    self.nesterov = nesterov
    self.weightDecay = weightDecay
    self.weightDecayScope = weightDecayScope
  }

  /// The optimizer's name in checkpoints.
  public var name: String { "sgd" }

  /// The momentum buffers, keyed "parameterKey.momentum".
  public var state: ParameterStore {
    var store = ParameterStore()
    velocity.export(into: &store)
    return store
  }

  /// One SGD update of `parameters` with `gradients` at `learningRate`.
  public mutating func step(
    parameters: inout ParameterStore, gradients: ParameterStore, learningRate: Float
  ) throws {
    let items = try ParameterUpdate.plan(
      parameters: parameters, gradients: gradients, learningRate: learningRate)
    for item in items { try velocity.check(item.key, shape: item.shape) }
    let (momentum, nesterov) = (self.momentum, self.nesterov)
    for item in items {
      let decay = weightDecayScope.includes(item.role) ? weightDecay : 0
      ParameterUpdate.apply(item, parameters: &parameters, gradients: gradients) {
        parameter, gradient in
        guard momentum > 0 else {
          for index in 0..<parameter.count {
            parameter[index] -= learningRate * (gradient[index] + decay * parameter[index])
          }
          return
        }
        velocity.withBuffer(of: item.key, shape: item.shape) { buffer in
          for index in 0..<parameter.count {
            let decayed = gradient[index] + decay * parameter[index]
            let updated = momentum * buffer[index] + decayed
            buffer[index] = updated
            parameter[index] -= learningRate * (nesterov ? decayed + momentum * updated : updated)
          }
        }
      }
    }
    stepCount += 1
  }

  /// Restores the momentum buffers and step count from a checkpoint; throws when
  /// `state` holds a buffer that is not SGD's or `stepCount` is negative.
  public mutating func load(state: ParameterStore, stepCount: Int) throws {
    try OptimizerSlot.checkOwnership(
      of: state, by: [velocity], optimizer: name, stepCount: stepCount)
    velocity = OptimizerSlot(suffix: velocity.suffix, from: state)
    self.stepCount = stepCount
  }
}
