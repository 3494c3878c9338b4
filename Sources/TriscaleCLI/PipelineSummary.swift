import Foundation
import TriscaleArtifact
import TriscalePipeline

/// The table printed at the end of `triscale run`: one row per stage with its
/// status, time and headline figures.
enum PipelineSummary {
  static func print(_ record: PipelineRecord) {
    Swift.print(
      "run: \(record.pipeline) — \(record.stages.count) stages in \(String(format: "%.1f", record.seconds)) s on \(record.host)"
    )
    let width = max(5, record.stages.map(\.name.count).max() ?? 0)
    Swift.print(
      "  " + "stage".padding(toLength: width, withPad: " ", startingAt: 0)
        + " kind       status    seconds  figures")
    for stage in record.stages {
      Swift.print(
        "  " + stage.name.padding(toLength: width, withPad: " ", startingAt: 0) + " "
          + stage.kind.padding(toLength: 10, withPad: " ", startingAt: 0) + " "
          + stage.status.padding(toLength: 9, withPad: " ", startingAt: 0)
          + String(format: "%8.1f", stage.seconds) + "  " + figures(stage.record.metrics))
    }
  }

  private static func figures(_ metrics: [Metric]) -> String {
    metrics.compactMap { metric -> String? in
      switch metric.name {
      case "top1": String(format: "top-1 %.2f%%", metric.value * 100)
      case "weight_bytes": String(format: "weights %.1f KB", metric.value / 1024)
      case "compressed_weight_bytes": String(format: "compressed %.1f KB", metric.value / 1024)
      case "arena_bytes": String(format: "arena %.0f B", metric.value)
      case "file_bytes": String(format: "file %.0f B", metric.value)
      case "macs": String(format: "%.2f M MACs", metric.value / 1e6)
      case "latency_ms": String(format: "batch-1 latency %.3f ms", metric.value)
      default: nil
      }
    }.joined(separator: ", ")
  }
}
