import Foundation
import TriscaleData

extension ModelCard {
  /// The card of a model file written before model cards: the dataset and
  /// normalization from its metadata, lineage stage "import", and its recorded
  /// test accuracy (if any) as a figure measured by an unknown command.
  static func imported(
    from metadata: [String: String], architecture: String, precision: String, inputShape: [Int],
    classCount: Int
  ) throws -> ModelCard {
    let normalization = try metadata["normalization"].map {
      try JSONDecoder().decode(Normalization.self, from: Data($0.utf8))
    }
    let keys = metadata.keys.sorted().filter {
      !$0.hasPrefix("checkpoint.") && $0 != "normalization"
    }
    let description = keys.map { "\($0)=\(metadata[$0] ?? "")" }.joined(separator: "; ")
    var card = ModelCard(
      architecture: architecture, precision: precision, dataset: metadata["dataset"] ?? "unknown",
      normalization: normalization, inputShape: inputShape, classCount: classCount, classNames: [],
      lineage: Lineage(parent: nil, stage: "import", configuration: description))
    if let accuracy = metadata["test_accuracy"].flatMap(Double.init), accuracy > 0 {
      card.metrics.append(
        Metric(
          name: "top1", value: accuracy, unit: "fraction", subject: "test split",
          provenance: .measured(
            host: "unknown", date: metadata["created"] ?? "unknown",
            command: "recorded by an earlier Triscale version")))
    }
    return card
  }
}
