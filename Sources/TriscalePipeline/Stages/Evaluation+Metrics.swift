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
}
