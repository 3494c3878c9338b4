import TriscaleCore
import TriscaleGraph
import TriscaleTrain

/// Unstructured magnitude pruning: the smallest-magnitude weights of every
/// convolution and dense kernel are set to zero and kept there during
/// fine-tuning (a ``ParameterConstraint`` the trainer enforces after every
/// step). Masks are recomputed from the current weights every
/// `updateEvery` steps while the schedule's sparsity still rises.
public final class MagnitudePruner: ParameterConstraint {
  /// Whether one threshold serves all kernels or each kernel gets its own.
  public enum Scope: String, Sendable, CaseIterable {
    /// Every kernel pruned to the same sparsity.
    case layer
    /// One magnitude threshold across all kernels: layers with many small weights lose more.
    case global
  }

  /// The sparsity reached at the end of the schedule, in [0, 1).
  public let finalSparsity: Double
  /// Whether thresholds are per kernel or global.
  public let scope: Scope
  /// How the sparsity rises towards ``finalSparsity``.
  public let schedule: SparsitySchedule
  /// Steps between mask updates while the sparsity rises.
  public let updateEvery: Int
  /// The pruned tensors' keys ("node.kernel").
  public let keys: [String]

  private var masks: [String: [Bool]] = [:]
  private var maskSparsity = -1.0

  /// A pruner for `graph`'s kernels.
  public init(
    graph: Graph, sparsity: Double, scope: Scope = .layer, schedule: SparsitySchedule = .constant,
    updateEvery: Int = 100
  ) throws {
    guard sparsity.isFinite, sparsity >= 0, sparsity < 1 else {
      throw TriscaleError.invalidArgument(
        name: "--sparsity", problem: "\(sparsity) is outside [0, 1)",
        fix: "Give the fraction of weights to remove, e.g. 0.8 (1 would remove every weight)")
    }
    guard updateEvery > 0 else {
      throw TriscaleError.invalidArgument(
        name: "update interval", problem: "\(updateEvery) is not positive",
        fix: "Update masks every 1 or more steps")
    }
    finalSparsity = sparsity
    self.scope = scope
    self.schedule = schedule
    self.updateEvery = updateEvery
    keys = graph.parameterSpecs.filter { $0.role == .kernel }.map(\.key)
  }

  /// Zeroes the masked weights of every pruned kernel, first computing the
  /// masks on the first call, and again when an update is due and the scheduled
  /// sparsity has changed.
  public func apply(to parameters: inout ParameterStore, step: Int, totalSteps: Int) throws {
    let target = schedule.sparsity(final: finalSparsity, step: step, totalSteps: totalSteps)
    let due = step % updateEvery == 0 || target == finalSparsity
    if masks.isEmpty || (due && target != maskSparsity) {
      computeMasks(parameters, sparsity: target)
    }
    for key in keys {
      guard var tensor = parameters[key], let mask = masks[key] else { continue }
      for index in 0..<tensor.count where !mask[index] { tensor.storage[index] = 0 }
      parameters[key] = tensor
    }
  }

  private func computeMasks(_ parameters: ParameterStore, sparsity: Double) {
    maskSparsity = sparsity
    switch scope {
    case .layer:
      for key in keys {
        guard let tensor = parameters[key] else { continue }
        let threshold = Self.threshold(tensor.storage.map(abs), sparsity: sparsity)
        masks[key] = Self.mask(tensor.storage, threshold: threshold, sparsity: sparsity)
      }
    case .global:
      let all = keys.flatMap { parameters[$0]?.storage.map(abs) ?? [] }
      let threshold = Self.threshold(all, sparsity: sparsity)
      for key in keys {
        guard let tensor = parameters[key] else { continue }
        masks[key] = Self.mask(tensor.storage, threshold: threshold, sparsity: sparsity)
      }
    }
  }

  /// The magnitude below which the `sparsity` fraction of `magnitudes` lies.
  private static func threshold(_ magnitudes: [Float], sparsity: Double) -> Float {
    let removed = Int((Double(magnitudes.count) * sparsity).rounded())
    guard removed > 0 else { return -1 }
    return magnitudes.sorted()[removed - 1]
  }

  private static func mask(_ values: [Float], threshold: Float, sparsity: Double) -> [Bool] {
    sparsity <= 0
      ? [Bool](repeating: true, count: values.count) : values.map { abs($0) > threshold }
  }

  /// The fraction of pruned-tensor weights that are exactly zero in `parameters`.
  public func measuredSparsity(of parameters: ParameterStore) -> Double {
    var zeros = 0
    var total = 0
    for key in keys {
      guard let tensor = parameters[key] else { continue }
      zeros += tensor.storage.reduce(0) { $0 + ($1 == 0 ? 1 : 0) }
      total += tensor.count
    }
    return total == 0 ? 0 : Double(zeros) / Double(total)
  }
}
