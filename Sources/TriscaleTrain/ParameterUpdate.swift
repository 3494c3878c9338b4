import TriscaleCore
import TriscaleGraph

/// The walk over parameters and gradients that every optimizer shares: it
/// checks the whole step first, so a mismatch changes nothing, then hands each
/// trainable parameter's elements to the update in place.
enum ParameterUpdate {
  /// One trainable parameter to update.
  struct Item {
    /// Its key ("stem.kernel").
    var key: String
    /// What it is for (decides weight decay).
    var role: ParameterRole
    /// Its shape.
    var shape: [Int]
  }

  /// Rejects a weight decay that is negative or not finite, suggesting `example`.
  static func checkWeightDecay(_ weightDecay: Float, example: String) throws {
    guard weightDecay >= 0, weightDecay.isFinite else {
      throw TriscaleError.invalidArgument(
        name: "weight decay", problem: "\(weightDecay) is negative or not finite",
        fix: "Use a value such as \(example)")
    }
  }

  /// Checks that every trainable gradient has a parameter of the same shape and
  /// that `learningRate` is usable; returns the parameters to update, in gradient order.
  static func plan(parameters: ParameterStore, gradients: ParameterStore, learningRate: Float)
    throws -> [Item]
  {
    guard learningRate.isFinite, learningRate >= 0 else {
      throw TriscaleError.invalidArgument(
        name: "learning rate", problem: "\(learningRate) is negative or not finite",
        fix: "Use a finite, non-negative learning rate")
    }
    var items: [Item] = []
    for key in gradients.keys {
      guard
        let role = key.split(separator: ".").last.flatMap({ ParameterRole(rawValue: String($0)) })
      else {
        throw TriscaleError.invalidModel(
          problem: "gradient '\(key)' does not name a parameter role",
          fix: "Gradient keys are 'node.role'")
      }
      guard role.isTrainable, let gradient = gradients[key] else { continue }
      guard let parameter = parameters[key] else {
        throw TriscaleError.invalidModel(
          problem: "gradient '\(key)' has no matching parameter",
          fix: "Compute gradients for this model's parameters")
      }
      guard parameter.shape == gradient.shape else {
        throw TriscaleError.invalidModel(
          problem:
            "gradient '\(key)' has shape \(gradient.shape) but the parameter has \(parameter.shape)",
          fix: "Compute gradients for this model's parameters")
      }
      items.append(Item(key: key, role: role, shape: parameter.shape))
    }
    return items
  }

  /// Runs `body` on the elements of parameter `item` (updated in place, without
  /// a copy) and of its gradient.
  static func apply(
    _ item: Item, parameters: inout ParameterStore, gradients: ParameterStore,
    _ body: (UnsafeMutableBufferPointer<Float>, UnsafeBufferPointer<Float>) -> Void
  ) {
    guard var parameter = parameters[item.key], let gradient = gradients[item.key] else { return }
    // Park an empty tensor in the store so `parameter` holds the only reference
    // to its elements and mutating them does not copy.
    parameters[item.key] = Tensor(shape: [0])
    parameter.storage.withUnsafeMutableBufferPointer { elements in
      gradient.storage.withUnsafeBufferPointer { body(elements, $0) }
    }
    parameters[item.key] = parameter
  }
}
