import Foundation
import TriscaleCore
import TriscaleGraph

/// The memory-aware bound on batch sizes: a batch whose activations would
/// take more than ``fraction`` of this machine's physical memory is refused
/// before any is allocated, with one line naming the flag, the estimate, the
/// memory and the largest batch that fits.
///
/// The estimate is every node's fp32 output for every image of the batch
/// (4 bytes per value), times 3 when training (the outputs kept for the
/// backward pass, their gradients, oneDNN's workspaces) and times 2 for
/// inference (an operation's input and output live together). It ignores
/// weights and the data set, which do not grow with the batch.
public enum ActivationMemory {
  /// The share of physical memory a batch's activations may take.
  public static let fraction = 0.5

  /// The estimated activation bytes of `batch` images of `graph`, saturated at `Int.max`.
  public static func bytes(of graph: Graph, batch: Int, training: Bool) -> Int {
    var values = 0
    for node in graph.nodes {
      var count = 1
      for extent in node.shape {
        let (product, overflow) = count.multipliedReportingOverflow(by: max(extent, 0))
        count = overflow ? Int.max : product
      }
      let (sum, overflow) = values.addingReportingOverflow(count)
      values = overflow ? Int.max : sum
    }
    let (perImage, overflowImage) = values.multipliedReportingOverflow(by: training ? 12 : 8)
    let (total, overflowTotal) = perImage.multipliedReportingOverflow(by: batch)
    return overflowImage || overflowTotal ? Int.max : total
  }

  /// Throws ``TriscaleError/invalidArgument(name:problem:fix:)`` naming
  /// `flag` when `batch` images of `graph` would not fit in ``fraction`` of
  /// `physicalMemory` bytes (this machine's by default).
  public static func check(
    batch: Int, flag: String, graph: Graph, training: Bool,
    physicalMemory: UInt64 = ProcessInfo.processInfo.physicalMemory
  ) throws {
    let budget = Double(physicalMemory) * fraction
    let needed = bytes(of: graph, batch: batch, training: training)
    guard Double(needed) > budget else { return }
    let perImage = max(bytes(of: graph, batch: 1, training: training), 1)
    let largest = max(Int(budget / Double(perImage)), 0)
    throw TriscaleError.invalidArgument(
      name: flag,
      problem:
        "\(batch) images of \(graph.name) need about \(gigabytes(needed)) of activations for "
        + "\(training ? "training" : "inference"), more than \(Int(fraction * 100))% of this machine's "
        + "\(gigabytes(Int(clamping: physicalMemory))) of memory",
      fix: largest > 0
        ? "Use \(flag) \(largest) or less" : "Use a smaller model; not even one image fits")
  }

  private static func gigabytes(_ bytes: Int) -> String {
    String(format: "%.1f GB", Double(bytes) / 1e9)
  }
}
