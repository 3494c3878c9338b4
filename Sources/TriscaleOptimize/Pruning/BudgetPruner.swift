import TriscaleCore
import TriscaleData
import TriscaleGraph

/// Structured pruning to a microcontroller budget: removes the least
/// important channels (``ChannelPruner``) until the model's int8 project —
/// quantized, prepared and planned by the C generator (``CandidateFigures``)
/// — fits the budget's arena, flash and MACs on its target, keeping as many
/// channels as fit.
public struct BudgetPruner: Sendable {
  /// What the pruned model must fit.
  public let budget: SearchBudget
  /// How channels are ranked.
  public let criterion: ChannelPruner.Criterion

  /// A pruner to `budget`, ranking channels by `criterion`.
  public init(budget: SearchBudget, criterion: ChannelPruner.Criterion) {
    (self.budget, self.criterion) = (budget, criterion)
  }

  /// The pruned model and the figures it was measured with.
  public struct Result: Sendable {
    /// The pruned graph and parameters.
    public var pruned: ChannelPruner.Result
    /// Its generator figures before pruning.
    public var before: CandidateFigures
    /// Its generator figures after pruning (within the budget).
    public var after: CandidateFigures
  }

  /// Prunes `graph` to fit, calibrating each trial's int8 ranges on
  /// `calibration` (a few images suffice: the figures do not depend on the
  /// ranges). Throws, naming what the smallest pruned model still needs,
  /// when even one channel per group does not fit.
  public func prune(
    graph: Graph, parameters: ParameterStore, calibration: Dataset, normalization: Normalization
  ) throws -> Result {
    func figures(_ graph: Graph, _ parameters: ParameterStore) throws -> CandidateFigures {
      try CandidateFigures.measure(
        graph: graph, parameters: parameters, calibration: calibration,
        normalization: normalization, target: budget.target)
    }
    let pruner = ChannelPruner(criterion: criterion)
    let before = try figures(graph, parameters)
    var tried: [CandidateFigures] = []
    let pruned = try pruner.prune(graph: graph, parameters: parameters) {
      let measured = try figures($0, $1)
      tried.append(measured)
      return budget.admits(measured)
    }
    guard let pruned else {
      // The smallest trial is the one with one channel (or four) per group left.
      let arena = tried.map(\.arenaBytes).min() ?? before.arenaBytes
      let flash = tried.map(\.flashBytes).min() ?? before.flashBytes
      let macs = tried.map(\.macs).min() ?? before.macs
      throw TriscaleError.invalidArgument(
        name: "--budget",
        problem:
          "\(graph.name) does not fit \(budget) even with the fewest channels left: it still needs \(arena) bytes of arena, \(flash) bytes of flash and \(macs) MACs on \(budget.target.rawValue)",
        fix:
          "Raise the budget to at least ram=\(arena),flash=\(flash),macs=\(macs), or search a smaller architecture (`triscale search`)"
      )
    }
    return Result(
      pruned: pruned, before: before, after: try figures(pruned.graph, pruned.parameters))
  }
}
