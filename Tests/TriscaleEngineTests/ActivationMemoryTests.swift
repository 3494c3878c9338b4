import Testing
import TriscaleCore
import TriscaleEngine
import TriscaleGraph

/// The memory-aware batch bound: the estimate, the refusal naming the flag,
/// the figures and the largest batch that fits, and no overflow on any batch.
@Suite("Activation memory")
struct ActivationMemoryTests {
  private let graph: Graph

  init() throws { graph = try ModelZoo.graph(named: "resnet8") }

  @Test func estimateGrowsWithTheBatchAndTraining() {
    let one = ActivationMemory.bytes(of: graph, batch: 1, training: false)
    #expect(one > 0)
    #expect(ActivationMemory.bytes(of: graph, batch: 10, training: false) == 10 * one)
    #expect(ActivationMemory.bytes(of: graph, batch: 1, training: true) == one / 2 * 3)
    #expect(ActivationMemory.bytes(of: graph, batch: Int.max, training: true) == Int.max)
  }

  @Test func batchThatFitsHalfTheMemoryIsAccepted() throws {
    let perImage = UInt64(ActivationMemory.bytes(of: graph, batch: 1, training: true))
    try ActivationMemory.check(
      batch: 100, flag: "--batch-size", graph: graph, training: true,
      physicalMemory: perImage * 200)
  }

  @Test func batchBeyondHalfTheMemoryIsRefusedWithTheLargestThatFits() {
    let perImage = UInt64(ActivationMemory.bytes(of: graph, batch: 1, training: true))
    #expect {
      try ActivationMemory.check(
        batch: 101, flag: "--batch-size", graph: graph, training: true,
        physicalMemory: perImage * 200)
    } throws: { error in
      let message = "\(error)"
      return message.hasPrefix("invalid --batch-size: 101 images of resnet8 need about")
        && message.contains("50% of this machine's")
        && message.hasSuffix("--batch-size 100 or less")
    }
  }
}
