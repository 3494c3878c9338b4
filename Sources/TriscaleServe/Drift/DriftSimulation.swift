import TriscaleArtifact
import TriscaleCore
import TriscaleData
import TriscaleEngine

/// Streams evaluation images the reference did not see, corrupted or not,
/// through a model and a ``DriftMonitor``, one image per request, and counts
/// what the monitor said: how many requests until the first alert, and how
/// many alerts in all.
public enum DriftSimulation {
  /// What a simulated stream gave.
  public struct Outcome: Codable, Equatable, Sendable {
    /// The corruption applied.
    public var corruption: String
    /// Requests streamed.
    public var requests: Int
    /// Alerts raised.
    public var alerts: Int
    /// Requests until the first alert (nil: none).
    public var firstAlertAt: Int?
    /// The model's top-1 accuracy on the streamed (corrupted) images.
    public var accuracy: Double
    /// The monitor's last status.
    public var status: DriftMonitor.Status
  }

  /// Streams `requests` images of `evaluation` from index `skip` on (drawn
  /// in a seeded random order, again once all were used) with `corruption`.
  public static func run(
    _ artifact: ModelArtifact, evaluation: Dataset, skip: Int, corruption: DriftCorruption,
    requests: Int, seed: UInt64 = 1, settings: DriftMonitor.Settings = DriftMonitor.Settings()
  ) throws -> Outcome {
    guard let reference = artifact.card.driftReference else {
      throw TriscaleError.invalidArgument(
        name: "model", problem: "its model card has no drift reference",
        fix: "Measure one: triscale monitor reference MODEL --data-dir DIR --output FILE")
    }
    guard skip < evaluation.count else {
      throw TriscaleError.invalidArgument(
        name: "--skip", problem: "the evaluation set has only \(evaluation.count) images",
        fix: "Skip fewer than \(evaluation.count) (the images the reference was measured on)")
    }
    let monitor = try DriftMonitor(reference: reference, settings: settings)
    let model = try artifact.weights.inferenceModel(batchSize: 1)
    let normalization = artifact.card.normalization ?? .cifar10
    let size = evaluation.imageByteCount
    var random = SeededRandom(seed: seed)
    var order: [Int] = []
    var alerts = 0
    var correct = 0
    for _ in 0..<requests {
      if order.isEmpty {
        order = Array(skip..<evaluation.count)
        for index in stride(from: order.count - 1, to: 0, by: -1) {
          order.swapAt(index, random.nextInt(below: index + 1))
        }
      }
      let index = order.removeLast()
      let pixels = corruption.apply(
        evaluation.pixels[(index * size)..<((index + 1) * size)].map(Float.init), random: &random)
      let normalized = normalization.apply(toPixels: pixels)
      let logits = try normalized.withUnsafeBufferPointer { buffer in try model.logits(for: buffer)
      }
      let top = ServedModel.top(
        ServedModel.softmax(logits, width: model.outputWidth), width: model.outputWidth)[0]
      let confidence = Double(top.confidence)
      if top.classIndex == Int(evaluation.labels[index]) { correct += 1 }
      let statistics = ImageStatistics.of(pixels[...], shape: evaluation.imageShape) + [confidence]
      if let result = monitor.observe(statistics), result.alert { alerts += 1 }
    }
    let status = monitor.current
    return Outcome(
      corruption: corruption.rawValue, requests: requests, alerts: alerts,
      firstAlertAt: status.firstAlertAt, accuracy: Double(correct) / Double(max(1, requests)),
      status: status)
  }
}
