import Foundation
import TriscaleEngine

/// Threads that run one model off the server's event loops, each with its
/// own bound copy of the model (an ``InferenceModel`` serves one thread), and
/// batch what is queued: a worker takes the oldest request, then more while
/// the batch has room and the oldest has waited less than `maxDelay`.
final class InferenceWorkers: @unchecked Sendable {
  private struct Job {
    let images: [Float]
    let count: Int
    let enqueued: DispatchTime
    let done: @Sendable (Result<[Float], any Error>) -> Void
  }

  private let condition = NSCondition()
  private var queue: [Job] = []
  private var closed = false
  private let maxBatch: Int
  private let maxDelay: DispatchTimeInterval
  /// Logits per image.
  let outputWidth: Int

  /// Starts `threads` workers, each running a model `makeModel` builds.
  init(
    threads: Int, maxBatch: Int, maxDelay: DispatchTimeInterval,
    makeModel: () throws -> any InferenceModel
  ) throws {
    let models = try (0..<max(1, threads)).map { _ in try makeModel() }
    self.maxBatch = max(1, maxBatch)
    self.maxDelay = maxDelay
    outputWidth = models[0].outputWidth
    for (index, model) in models.enumerated() {
      let owned = OwnedModel(model)
      let thread = Thread { [self] in self.work(owned.model) }
      thread.name = "triscale-inference-\(index)"
      thread.start()
    }
  }

  /// The logits of `count` normalized images, computed by a worker.
  func logits(_ images: [Float], count: Int) async throws -> [Float] {
    try await withCheckedThrowingContinuation { continuation in
      enqueue(images, count: count) { continuation.resume(with: $0) }
    }
  }

  /// Queues `count` images; `done` is called on a worker thread with their logits.
  func enqueue(
    _ images: [Float], count: Int, done: @escaping @Sendable (Result<[Float], any Error>) -> Void
  ) {
    condition.lock()
    guard !closed else {
      condition.unlock()
      done(.failure(ServeError.unavailable("the model is being unloaded; retry")))
      return
    }
    queue.append(Job(images: images, count: count, enqueued: .now(), done: done))
    condition.signal()
    condition.unlock()
  }

  /// Lets the workers finish what is queued, then stop.
  func close() {
    condition.lock()
    closed = true
    condition.broadcast()
    condition.unlock()
  }

  private func work(_ model: any InferenceModel) {
    while let batch = nextBatch() {
      let images = batch.count == 1 ? batch[0].images : batch.flatMap(\.images)
      let result = Result {
        try images.withUnsafeBufferPointer { try model.logits(for: $0) }
      }
      var offset = 0
      for job in batch {
        let width = job.count * outputWidth
        job.done(result.map { Array($0[offset..<(offset + width)]) })
        offset += width
      }
    }
  }

  /// The next batch, or nil once closed and drained.
  private func nextBatch() -> [Job]? {
    condition.lock()
    defer { condition.unlock() }
    while queue.isEmpty {
      if closed { return nil }
      condition.wait()
    }
    var batch = [queue.removeFirst()]
    var images = batch[0].count
    let deadline = batch[0].enqueued + maxDelay
    while images < maxBatch {
      if let next = queue.first {
        guard images + next.count <= maxBatch else { break }
        batch.append(queue.removeFirst())
        images += next.count
        continue
      }
      let now = DispatchTime.now()
      guard now < deadline, !closed else { break }
      let wait = Double(deadline.uptimeNanoseconds - now.uptimeNanoseconds) / 1e9
      _ = condition.wait(until: Date(timeIntervalSinceNow: wait))
    }
    return batch
  }
}

/// A model handed to the one thread that will use it (an ``InferenceModel``
/// keeps per-call buffers, so it is never shared).
private final class OwnedModel: @unchecked Sendable {
  let model: any InferenceModel
  init(_ model: any InferenceModel) { self.model = model }
}
