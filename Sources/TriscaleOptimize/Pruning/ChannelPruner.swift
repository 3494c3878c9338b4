import TriscaleCore
import TriscaleGraph

/// Structured pruning: removes whole channels, so the pruned model is a
/// smaller dense model with fewer MACs that runs faster on any runtime.
///
/// Channels are grouped by ``ChannelGroups`` (an add ties its branches;
/// batch norms and depthwise convolutions follow their input). Every
/// prunable group keeps the same fraction of its channels — the most
/// important ones by the chosen criterion, summed over the group's
/// convolutions — and that fraction is found by bisection so the pruned
/// graph has at most the requested share of the original MACs. Kept counts
/// are rounded to multiples of 4 (for SIMD kernels) where a group has 8 or more.
public struct ChannelPruner: Sendable {
  /// How a channel's importance is measured.
  public enum Criterion: String, Sendable, CaseIterable {
    /// Sum of absolute kernel weights producing the channel.
    case l1
    /// Euclidean norm of those weights.
    case l2
    /// |γ| of the batch norm after the convolution (network slimming).
    case bn

    /// Parses `l1`, `l2` or `bn`.
    public init(parsing text: String) throws {
      guard let criterion = Criterion(rawValue: text) else {
        throw TriscaleError.invalidArgument(
          name: "--criterion", problem: "unknown channel criterion '\(text)'",
          fix: "Use l1, l2 or bn")
      }
      self = criterion
    }
  }

  /// The pruned model.
  public struct Result: Sendable {
    /// The smaller graph, with the removed channels gone from its shapes.
    public var graph: Graph
    /// The kept channels' parameters, matching ``graph``.
    public var parameters: ParameterStore
    /// Channels removed over all prunable groups.
    public var removedChannels: Int
    /// Channels the prunable groups had.
    public var originalChannels: Int
  }

  /// How channel importance is measured.
  public let criterion: Criterion

  /// A pruner that ranks channels by `criterion`.
  public init(criterion: Criterion) {
    self.criterion = criterion
  }

  /// Prunes `graph` to at most `keepMACs` (in (0, 1]) of its multiply-accumulates.
  public func prune(graph: Graph, parameters: ParameterStore, keepMACs: Double) throws -> Result {
    guard keepMACs > 0, keepMACs <= 1 else {
      throw TriscaleError.invalidArgument(
        name: "--target-macs", problem: "\(keepMACs) is outside (0, 1]",
        fix: "Give the fraction of MACs to keep, e.g. 0.5")
    }
    let target = Double(graph.multiplyAccumulates) * keepMACs
    guard
      let result = try prune(
        graph: graph, parameters: parameters,
        fitting: { candidate, _ in Double(candidate.multiplyAccumulates) <= target })
    else {
      throw TriscaleError.invalidArgument(
        name: "--target-macs",
        problem: "\(keepMACs) of the MACs cannot be reached by removing channels",
        fix: "Ask for a larger fraction")
    }
    return result
  }

  /// Prunes `graph` to the largest kept fraction of channels (found by
  /// bisection, 20 steps) whose pruned model `fits` — a test that must be
  /// monotone in the fraction, such as "its int8 arena is at most 32 KB".
  /// Returns the unpruned model when it fits already, nil when not even one
  /// channel per group fits.
  public func prune(
    graph: Graph, parameters: ParameterStore,
    fitting fits: (Graph, ParameterStore) throws -> Bool
  ) throws -> Result? {
    try parameters.validate(against: graph)
    let groups = ChannelGroups(graph: graph)
    let roots = groups.prunableGroups
    guard !roots.isEmpty else {
      throw TriscaleError.invalidModel(
        problem: "graph '\(graph.name)' has no channels that can be removed",
        fix: "Structured pruning needs convolutions whose channels do not reach the output")
    }
    let importance = Dictionary(
      uniqueKeysWithValues: roots.map {
        ($0, channelImportance(group: $0, graph, parameters, groups))
      })
    func pruned(_ fraction: Double) throws -> (Result, fits: Bool) {
      let result = try rebuild(
        graph, parameters, groups, keep: keptChannels(importance, fraction: fraction))
      return (result, try fits(result.graph, result.parameters))
    }
    let whole = try pruned(1)
    if whole.fits { return whole.0 }
    var low = 0.0
    var high = 1.0
    var best = try pruned(0)
    guard best.fits else { return nil }
    for _ in 0..<20 {
      let middle = (low + high) / 2
      let candidate = try pruned(middle)
      if candidate.fits {
        best = candidate
        low = middle
      } else {
        high = middle
      }
    }
    return best.0
  }

  /// Each group's channel indices to keep, most important first then sorted.
  private func keptChannels(_ importance: [Int: [Float]], fraction: Double) -> [Int: [Int]] {
    importance.mapValues { scores in
      var count = max(1, Int((Double(scores.count) * fraction).rounded()))
      if scores.count >= 8 { count = max(4, (count + 2) / 4 * 4) }
      count = min(count, scores.count)
      return scores.indices.sorted { scores[$0] > scores[$1] }.prefix(count).sorted()
    }
  }

  private func channelImportance(
    group: Int, _ graph: Graph, _ parameters: ParameterStore, _ groups: ChannelGroups
  ) -> [Float] {
    var scores: [Float] = []
    for (index, node) in graph.nodes.enumerated() where groups.groupOf[index] == group {
      guard case .conv2d(let attributes) = node.operation, attributes.groups == 1 else { continue }
      let channels = attributes.filters
      if scores.isEmpty { scores = [Float](repeating: 0, count: channels) }
      var layerScores = [Float](repeating: 0, count: channels)
      switch criterion {
      case .l1, .l2:
        let kernel = parameters["\(node.name).kernel"]!
        for (element, value) in kernel.storage.enumerated() {
          layerScores[element % channels] += criterion == .l1 ? abs(value) : value * value
        }
        if criterion == .l2 { layerScores = layerScores.map { $0.squareRoot() } }
      case .bn:
        let batchNorm = graph.nodes.first {
          if case .batchNorm = $0.operation { return $0.inputs == [index] }
          return false
        }
        if let batchNorm, let gamma = parameters["\(batchNorm.name).gamma"] {
          layerScores = gamma.storage.map(abs)
        } else {
          layerScores = [Float](repeating: 1, count: channels)
        }
      }
      // Normalize per layer so convolutions of different scales weigh alike.
      let mean = max(layerScores.reduce(0, +) / Float(channels), .leastNormalMagnitude)
      for channel in 0..<channels { scores[channel] += layerScores[channel] / mean }
    }
    return scores
  }

  /// The graph with only the `keep` channels of each pruned group, and its sliced parameters.
  private func rebuild(
    _ graph: Graph, _ parameters: ParameterStore, _ groups: ChannelGroups, keep: [Int: [Int]]
  ) throws -> Result {
    var builder = GraphBuilder(name: graph.name, inputShape: graph.inputShape)
    var store = ParameterStore()
    func kept(_ node: Int) -> [Int]? { keep[groups.groupOf[node]] }
    for (index, node) in graph.nodes.enumerated() where index > 0 {
      var operation = node.operation
      let inputChannels = node.inputs.first.flatMap { kept($0) }
      switch node.operation {
      case .conv2d(var attributes):
        let depthwise = attributes.groups > 1
        if let own = kept(index) {
          attributes.filters = own.count
          if depthwise { attributes.groups = own.count }
        }
        operation = .conv2d(attributes)
        var kernel = parameters["\(node.name).kernel"]!
        if let own = kept(index) { kernel = Self.slice(kernel, axis: 3, keeping: own) }
        if !depthwise, let inputChannels {
          kernel = Self.slice(kernel, axis: 2, keeping: inputChannels)
        }
        store["\(node.name).kernel"] = kernel
        if let bias = parameters["\(node.name).bias"] {
          store["\(node.name).bias"] =
            kept(index).map { Self.slice(bias, axis: 0, keeping: $0) } ?? bias
        }
      case .dense:
        var kernel = parameters["\(node.name).kernel"]!
        if let inputChannels {
          // The group's channel count (its root is the convolution that makes the channels).
          let originalChannels = graph.nodes[groups.groupOf[node.inputs[0]]].shape.last!
          let features = kernel.shape[0]
          // NHWC flattening puts the channel innermost: feature f belongs to channel f % C.
          let keptSet = Set(inputChannels)
          let rows = (0..<features).filter { keptSet.contains($0 % originalChannels) }
          kernel = Self.slice(kernel, axis: 0, keeping: rows)
        }
        store["\(node.name).kernel"] = kernel
        if let bias = parameters["\(node.name).bias"] { store["\(node.name).bias"] = bias }
      case .batchNorm:
        for role in ["gamma", "beta", "moving_mean", "moving_variance"] {
          let tensor = parameters["\(node.name).\(role)"]!
          store["\(node.name).\(role)"] =
            kept(index).map { Self.slice(tensor, axis: 0, keeping: $0) } ?? tensor
        }
      default:
        break
      }
      try builder.append(operation, inputs: node.inputs, name: node.name)
    }
    let removed = keep.reduce(0) { total, entry in
      total + graph.nodes[entry.key].shape.last! - entry.value.count
    }
    let original = keep.keys.reduce(0) { $0 + graph.nodes[$1].shape.last! }
    try store.validate(against: builder.graph)
    return Result(
      graph: builder.graph, parameters: store, removedChannels: removed, originalChannels: original)
  }

  /// `tensor` with only the `indices` along `axis`.
  static func slice(_ tensor: Tensor, axis: Int, keeping indices: [Int]) -> Tensor {
    let outer = tensor.shape[..<axis].reduce(1, *)
    let inner = tensor.shape[(axis + 1)...].reduce(1, *)
    let length = tensor.shape[axis]
    var shape = tensor.shape
    shape[axis] = indices.count
    var storage: [Float] = []
    storage.reserveCapacity(outer * indices.count * inner)
    for block in 0..<outer {
      for index in indices {
        let start = (block * length + index) * inner
        storage.append(contentsOf: tensor.storage[start..<(start + inner)])
      }
    }
    return Tensor(shape: shape, storage: storage)
  }
}
