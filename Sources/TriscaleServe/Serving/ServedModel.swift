import Foundation
import TriscaleArtifact
import TriscaleData
import TriscaleEngine

/// One version of a model loaded for serving: its card, its normalization,
/// and workers that run it. Requests hold it while they run, so a version
/// an alias moved away from drains before its workers stop (at deinit).
public final class ServedModel: Sendable {
  /// The model's registry name.
  public let name: String
  /// Its version number.
  public let version: Int
  /// The artifact's content hash.
  public let artifact: String
  /// Its model card.
  public let card: ModelCard
  /// One image's shape, [height, width, channels].
  public let inputShape: [Int]
  /// Its drift monitor (nil when the card has no drift reference).
  public let drift: DriftMonitor?
  private let normalization: Normalization
  private let workers: InferenceWorkers

  /// Loads the stored file of `resolved`, starts `settings.threads` workers
  /// and warms them up (`settings.warmUpRuns` runs each) so that the first
  /// request costs what every other does.
  init(resolved: ResolvedVersion, settings: ServeSettings) throws {
    let artifact = try ModelArtifact.read(path: resolved.path)
    (name, version, self.artifact, card) = (
      resolved.model, resolved.number, resolved.artifact, artifact.card
    )
    inputShape = card.inputShape
    normalization = card.normalization ?? .cifar10
    guard normalization.channelCount == inputShape.last else {
      throw ServeError.unavailable(
        "\(name) version \(version): its normalization has \(normalization.channelCount) channels, its input \(inputShape)"
      )
    }
    drift = try card.driftReference.map { try DriftMonitor(reference: $0) }
    workers = try InferenceWorkers(
      threads: settings.threads, maxBatch: settings.maxBatch,
      maxDelay: .microseconds(settings.batchWaitMicroseconds)
    ) { try artifact.weights.inferenceModel(batchSize: settings.maxBatch) }
    try warmUp(runs: settings.warmUpRuns * settings.threads)
  }

  deinit { workers.close() }

  /// Values per image.
  public var imageElementCount: Int { inputShape.reduce(1, *) }

  /// Class probabilities (softmax of the logits) of `count` images given as
  /// pixel values on the 0...255 scale, NHWC.
  public func probabilities(pixels: [Float], count: Int) async throws -> [Float] {
    let logits = try await workers.logits(normalization.apply(toPixels: pixels), count: count)
    return Self.softmax(logits, width: workers.outputWidth)
  }

  /// Feeds the drift monitor each image's input statistics and top-1
  /// confidence; returns the status of a test that ran, and whether it alerted.
  func observe(pixels: [Float], confidences: [Float]) -> (
    status: DriftMonitor.Status, alert: Bool
  )? {
    guard let drift else { return nil }
    let size = imageElementCount
    var latest: (status: DriftMonitor.Status, alert: Bool)?
    for (index, confidence) in confidences.enumerated() {
      let statistics = ImageStatistics.of(
        pixels[(index * size)..<((index + 1) * size)], shape: inputShape)
      if let result = drift.observe(statistics + [Double(confidence)]) { latest = result }
    }
    return latest
  }

  /// Classes per image.
  public var classCount: Int { workers.outputWidth }

  /// Runs `runs` single images through the workers and waits for them
  /// (without the concurrency pool, so a loader may block on it).
  private func warmUp(runs: Int) throws {
    let semaphore = DispatchSemaphore(value: 0)
    let images = [Float](repeating: 0, count: imageElementCount)
    let failure = WarmUpFailure()
    for _ in 0..<runs {
      workers.enqueue(images, count: 1) { result in
        if case .failure(let error) = result { failure.record(error) }
        semaphore.signal()
      }
    }
    for _ in 0..<runs { semaphore.wait() }
    if let error = failure.error { throw error }
  }

  /// Each row's most probable class and its probability.
  static func top(_ probabilities: [Float], width: Int) -> [(classIndex: Int, confidence: Float)] {
    stride(from: 0, to: probabilities.count, by: width).map { start in
      let row = probabilities[start..<(start + width)]
      let best = row.indices.max { row[$0] < row[$1] } ?? start
      return (classIndex: best - start, confidence: row[best])
    }
  }

  static func softmax(_ logits: [Float], width: Int) -> [Float] {
    var output = logits
    for start in stride(from: 0, to: logits.count, by: width) {
      let row = start..<(start + width)
      let top = logits[row].max() ?? 0
      var sum: Float = 0
      for index in row {
        output[index] = exp(logits[index] - top)
        sum += output[index]
      }
      for index in row { output[index] /= sum }
    }
    return output
  }
}

/// The first error of the warm-up runs.
private final class WarmUpFailure: @unchecked Sendable {
  private let lock = NSLock()
  private(set) var error: (any Error)?
  func record(_ error: any Error) { lock.withLock { self.error = self.error ?? error } }
}
