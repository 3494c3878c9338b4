import TriscaleArtifact
import TriscaleData
import TriscaleEngine

extension Evaluation {
  /// The evaluation as figures: top-1 accuracy and mean loss on `subject`.
  static func metrics(_ evaluation: Evaluation, on subject: String, provenance: Provenance)
    -> [Metric]
  {
    let described = "\(subject), \(evaluation.count) images"
    return [
      Metric(
        name: "top1", value: evaluation.accuracy, unit: "fraction", subject: described,
        provenance: provenance),
      Metric(
        name: "loss", value: evaluation.loss, unit: "nats", subject: described,
        provenance: provenance),
    ]
  }

  /// "top-1 on SET (N images): BEFORE-NAME x%, AFTER-NAME y% (+z pt)".
  static func comparison(
    _ before: (name: String, result: Evaluation), _ after: (name: String, result: Evaluation),
    on dataset: Dataset
  ) -> String {
    String(
      format: "top-1 on %@ (%d images): %@ %.2f%%, %@ %.2f%% (%+.2f pt)", dataset.name,
      dataset.count, before.name, before.result.accuracy * 100, after.name,
      after.result.accuracy * 100, (after.result.accuracy - before.result.accuracy) * 100)
  }
}
