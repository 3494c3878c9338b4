/// What a parameter tensor is for.
public enum ParameterRole: String, Codable, Sendable, CaseIterable {
  /// Convolution kernel [KH, KW, Cin/groups, Cout] (HWIO) or dense kernel [in, out].
  case kernel
  /// Per-output bias.
  case bias
  /// Batch-norm scale.
  case gamma
  /// Batch-norm shift.
  case beta
  /// Batch-norm running mean (not trained by gradient).
  case movingMean = "moving_mean"
  /// Batch-norm running variance (not trained by gradient).
  case movingVariance = "moving_variance"

  /// Whether the optimizer updates it.
  public var isTrainable: Bool { self != .movingMean && self != .movingVariance }
}

/// The name, shape and role of one parameter tensor of a node.
public struct ParameterSpec: Equatable, Sendable {
  /// The owning node's name.
  public var node: String
  /// What the tensor is for.
  public var role: ParameterRole
  /// The canonical shape (HWIO kernels, [in, out] dense kernels).
  public var shape: [Int]
  /// Inputs per output, for initialization (0 for vectors).
  public var fanIn: Int

  /// The tensor's key in a ``ParameterStore``: "node.role".
  public var key: String { "\(node).\(role.rawValue)" }
  /// Number of elements.
  public var elementCount: Int { shape.reduce(1, *) }
}
