import TriscaleCore
import TriscaleGraph

/// One kind of per-parameter buffer an optimizer keeps (momentum, first
/// moment...): zero until a parameter's first update, then updated in place.
struct OptimizerSlot: Sendable {
  /// The suffix of this slot's keys in an exported state ("momentum" → "stem.kernel.momentum").
  let suffix: String
  private var keys: [String] = []
  private var tensors: [String: Tensor] = [:]

  init(suffix: String) {
    self.suffix = suffix
  }

  /// Runs `body` on the buffer of parameter `key` (created as zeros of `shape` if absent).
  mutating func withBuffer<Result>(
    of key: String, shape: [Int], _ body: (UnsafeMutableBufferPointer<Float>) -> Result
  ) -> Result {
    if tensors[key] == nil { keys.append(key) }
    return tensors[key, default: Tensor(shape: shape)].storage.withUnsafeMutableBufferPointer {
      body($0)
    }
  }

  /// Checks that the buffer of parameter `key`, if any, has `shape`.
  func check(_ key: String, shape: [Int]) throws {
    if let existing = tensors[key], existing.shape != shape {
      throw TriscaleError.invalidModel(
        problem:
          "optimizer state '\(key).\(suffix)' has shape \(existing.shape) but the parameter has \(shape)",
        fix: "Resume only from a checkpoint of the same model")
    }
  }

  /// Adds every buffer to `store` under "key.suffix", in first-use order.
  func export(into store: inout ParameterStore) {
    for key in keys { store[key + "." + suffix] = tensors[key] }
  }

  /// The slot holding the entries of `state` whose keys end in ".suffix", in their order.
  init(suffix: String, from state: ParameterStore) {
    self.init(suffix: suffix)
    let ending = "." + suffix
    for stateKey in state.keys where stateKey.hasSuffix(ending) {
      let key = String(stateKey.dropLast(ending.count))
      keys.append(key)
      tensors[key] = state[stateKey]
    }
  }

  /// Whether `stateKey` is one of this slot's exported keys.
  func owns(_ stateKey: String) -> Bool {
    stateKey.hasSuffix("." + suffix)
  }
}

extension OptimizerSlot {
  /// Checks that a state to load belongs to an optimizer with `slots`: every
  /// key ends in one of their suffixes and the step count is not negative.
  static func checkOwnership(
    of state: ParameterStore, by slots: [OptimizerSlot], optimizer: String, stepCount: Int
  )
    throws
  {
    guard stepCount >= 0 else {
      throw TriscaleError.invalidArgument(
        name: "optimizer step count", problem: "\(stepCount) is negative",
        fix: "Resume from an intact checkpoint")
    }
    if let stranger = state.keys.first(where: { key in !slots.contains { $0.owns(key) } }) {
      throw TriscaleError.invalidArgument(
        name: "optimizer state",
        problem: "'\(stranger)' is not state of the \(optimizer) optimizer",
        fix: "Resume with the optimizer the checkpoint was trained with")
    }
  }
}
