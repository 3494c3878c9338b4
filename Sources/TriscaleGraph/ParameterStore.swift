import TriscaleCore

/// The weights of a model: one tensor per ``ParameterSpec``, in canonical
/// layout, in graph order.
public struct ParameterStore: Equatable, Sendable {
  /// Keys ("node.role") in graph order.
  public private(set) var keys: [String]
  private var tensors: [String: Tensor]

  /// An empty store.
  public init() {
    keys = []
    tensors = [:]
  }

  /// Freshly initialized parameters for `graph`: He-uniform kernels, zero
  /// biases and shifts, unit scales and variances.
  public init(initializing graph: Graph, seed: UInt64) {
    self.init()
    var random = SeededRandom(seed: seed)
    for spec in graph.parameterSpecs {
      var tensor = Tensor(shape: spec.shape)
      switch spec.role {
      case .kernel:
        let limit = (6 / Float(max(spec.fanIn, 1))).squareRoot()
        for index in 0..<tensor.count {
          tensor.storage[index] = (random.nextUniform() * 2 - 1) * limit
        }
      case .gamma, .movingVariance:
        tensor.storage = [Float](repeating: 1, count: tensor.count)
      case .bias, .beta, .movingMean:
        break
      }
      self[spec.key] = tensor
    }
  }

  /// The tensor stored under `key`; setting a new key appends it.
  public subscript(key: String) -> Tensor? {
    get { tensors[key] }
    set {
      if tensors[key] == nil, newValue != nil { keys.append(key) }
      if newValue == nil { keys.removeAll { $0 == key } }
      tensors[key] = newValue
    }
  }

  /// The tensor for `spec`, which must be present.
  public subscript(spec: ParameterSpec) -> Tensor {
    get { tensors[spec.key]! }
    set { self[spec.key] = newValue }
  }

  /// Total element count.
  public var elementCount: Int { tensors.values.reduce(0) { $0 + $1.count } }

  /// Checks that every parameter of `graph` is present with the right
  /// shape and finite values, and that moving variances are not negative.
  public func validate(against graph: Graph) throws {
    for spec in graph.parameterSpecs {
      guard let tensor = tensors[spec.key] else {
        throw TriscaleError.invalidModel(
          problem: "parameter '\(spec.key)' is missing",
          fix: "The model file does not match its graph; re-export it")
      }
      guard tensor.shape == spec.shape else {
        throw TriscaleError.invalidModel(
          problem: "parameter '\(spec.key)' has shape \(tensor.shape), expected \(spec.shape)",
          fix: "The model file does not match its graph; re-export it")
      }
      guard tensor.storage.allSatisfy(\.isFinite) else {
        throw TriscaleError.invalidModel(
          problem: "parameter '\(spec.key)' holds a value that is not a finite number",
          fix: "Train the model again; a diverged run must not be deployed")
      }
      guard spec.role != .movingVariance || tensor.storage.allSatisfy({ $0 >= 0 }) else {
        throw TriscaleError.invalidModel(
          problem: "parameter '\(spec.key)' holds a negative variance",
          fix: "The model file does not match its graph; re-export it")
      }
    }
  }
}
