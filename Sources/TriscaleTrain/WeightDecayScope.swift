import TriscaleGraph

/// Which parameters weight decay applies to.
public enum WeightDecayScope: String, Codable, Sendable, CaseIterable {
  /// Convolution and dense kernels only; biases and batch-norm scales and shifts are not decayed.
  case kernels
  /// Every trainable parameter.
  case all

  /// Whether a parameter with `role` is decayed.
  public func includes(_ role: ParameterRole) -> Bool {
    switch self {
    case .kernels: role == .kernel
    case .all: role.isTrainable
    }
  }
}
