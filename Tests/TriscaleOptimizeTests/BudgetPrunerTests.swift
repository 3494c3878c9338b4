import Testing
import TriscaleCore
import TriscaleData
import TriscaleDeploy
import TriscaleGraph

@testable import TriscaleOptimize

/// Structured pruning to a microcontroller budget, checked against the
/// generator's own figures for the pruned model.
@Suite("Budget pruning")
struct BudgetPrunerTests {
  private static let calibration = SyntheticDataset.make(count: 16, seed: 3)

  private static func prune(_ budget: String) throws -> BudgetPruner.Result {
    let graph = try ModelZoo.resnet8()
    return try BudgetPruner(budget: SearchBudget(parsing: budget), criterion: .l1).prune(
      graph: graph, parameters: OptimizeFixtures.parameters(for: graph, seed: 6),
      calibration: calibration, normalization: Normalization.fit(calibration))
  }

  @Test("resnet8 pruned to ram=16K,flash=64K fits, by the generator's figures of the pruned model")
  func fitsTheBudget() throws {
    let result = try Self.prune("ram=16K,flash=64K")
    #expect(result.before.arenaBytes > 16 * 1024)
    #expect(result.after.arenaBytes <= 16 * 1024)
    #expect(result.after.flashBytes <= 64 * 1024)
    #expect(result.pruned.removedChannels > 0)
    let measured = try CandidateFigures.measure(
      graph: result.pruned.graph, parameters: result.pruned.parameters,
      calibration: Self.calibration, normalization: Normalization.fit(Self.calibration),
      target: .cortexM4)
    #expect(measured == result.after)
  }

  @Test("a budget nothing meets names what the smallest pruned model still needs")
  func impossibleBudgetNamesTheNeed() throws {
    #expect {
      try Self.prune("ram=1K,flash=40K")
    } throws: {
      let text = "\($0)"
      return text.contains("still needs") && text.contains("Raise the budget to at least ram=")
    }
  }
}
