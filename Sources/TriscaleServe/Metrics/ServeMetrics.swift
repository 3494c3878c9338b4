import Foundation
import Prometheus

/// The server's Prometheus metrics (swift-prometheus), in Prometheus's
/// naming: counters end in `_total`, durations are in seconds.
///
/// - `triscale_requests_total{model,version,outcome}` — outcome `ok` or the status code
/// - `triscale_inference_duration_seconds{model,version}` — queue wait + run, histogram
/// - `triscale_prediction_confidence{model,version}` — top-1 probability, histogram
/// - `triscale_predictions_total{model,version,class}` — predicted classes
/// - `triscale_cascade_escalations_total{model}` and `triscale_cascade_requests_total{model}`
/// - `triscale_model_loads_total{model,version,event}` — `loaded`, `unloaded`, `failed`
/// - `triscale_drift_score{model,version,statistic}` and `triscale_drift_alerts_total{model,version}`
public final class ServeMetrics: Sendable {
  /// The collector registry `/metrics` renders.
  public let registry = PrometheusCollectorRegistry()

  private static let durationBuckets: [Duration] = [
    .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1),
    .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
    .milliseconds(100), .milliseconds(250), .milliseconds(1000),
  ]
  private static let confidenceBuckets: [Double] = [
    0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99,
  ]

  /// An empty set of metrics.
  public init() {}

  /// Counts one request's outcome.
  public func request(model: String, version: String, outcome: String) {
    registry.makeCounter(
      name: "triscale_requests_total",
      labels: [("model", model), ("version", version), ("outcome", outcome)],
      help: "Requests by model, version and outcome (ok or the HTTP status)"
    ).increment()
  }

  /// Records one prediction run: its duration and every image's top class and confidence.
  public func predictions(
    model: String, version: String, seconds: Double, top: [(classIndex: Int, confidence: Float)]
  ) {
    let labels = [("model", model), ("version", version)]
    registry.makeDurationHistogram(
      name: "triscale_inference_duration_seconds", labels: labels, buckets: Self.durationBuckets,
      help: "Time from a request's images being queued to their probabilities, seconds"
    ).recordNanoseconds(Int64(seconds * 1e9))
    let confidence = registry.makeValueHistogram(
      name: "triscale_prediction_confidence", labels: labels, buckets: Self.confidenceBuckets,
      help: "Top-1 probability of each prediction")
    for (classIndex, probability) in top {
      confidence.record(Double(probability))
      registry.makeCounter(
        name: "triscale_predictions_total", labels: labels + [("class", "\(classIndex)")],
        help: "Predictions by predicted class"
      ).increment()
    }
  }

  /// Counts a cascade's images and those it escalated to its second model.
  public func cascade(name: String, images: Int, escalated: Int) {
    registry.makeCounter(
      name: "triscale_cascade_requests_total", labels: [("model", name)],
      help: "Images a cascade answered"
    ).increment(by: Int64(images))
    registry.makeCounter(
      name: "triscale_cascade_escalations_total", labels: [("model", name)],
      help: "Images a cascade sent on to its second model"
    ).increment(by: Int64(escalated))
  }

  /// Counts a load event (`loaded`, `unloaded`, `failed`) of a version.
  public func load(model: String, version: Int, event: String) {
    registry.makeCounter(
      name: "triscale_model_loads_total",
      labels: [("model", model), ("version", "\(version)"), ("event", event)],
      help: "Model version load events"
    ).increment()
  }

  /// Records a drift statistic of a version's live window.
  public func drift(model: String, version: Int, statistic: String, value: Double) {
    registry.makeGauge(
      name: "triscale_drift_score",
      labels: [("model", model), ("version", "\(version)"), ("statistic", statistic)],
      help: "Drift statistic of the live window against the model card's reference"
    ).record(value)
  }

  /// Counts a drift alert.
  public func driftAlert(model: String, version: Int) {
    registry.makeCounter(
      name: "triscale_drift_alerts_total", labels: [("model", model), ("version", "\(version)")],
      help: "Windows flagged as drifted"
    ).increment()
  }

  /// The metrics in Prometheus's text format.
  public func render() -> String { registry.emitToString() }
}
