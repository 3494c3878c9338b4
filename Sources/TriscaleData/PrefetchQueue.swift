import Foundation

/// A bounded queue between one producer thread that prepares an epoch's
/// batches and the consumer that trains on them.
///
/// The producer works ahead by at most ``BatchLoader/prefetchDepth`` batches
/// and exits when the epoch is done or the consumer cancels. All mutable
/// state is guarded by `condition`, hence `@unchecked Sendable`.
final class PrefetchQueue: @unchecked Sendable {
  private let condition = NSCondition()
  private var ready: [Batch] = []
  private var finished = false
  private var cancelled = false

  /// Starts the producer for `steps` of `epoch`.
  init(loader: BatchLoader, epoch: Int, steps: Range<Int>) {
    guard !steps.isEmpty else {
      finished = true
      return
    }
    let thread = Thread { [self] in
      let order = loader.order(epoch: epoch)
      for step in steps {
        let batch = loader.batch(epoch: epoch, step: step, order: order)
        guard put(batch) else { break }
      }
      finish()
    }
    thread.name = "triscale.batches"
    thread.start()
  }

  /// Waits for the next batch; `nil` once the producer has finished and the
  /// queue is empty.
  func take() -> Batch? {
    condition.lock()
    defer { condition.unlock() }
    while ready.isEmpty && !finished { condition.wait() }
    guard !ready.isEmpty else { return nil }
    condition.broadcast()
    return ready.removeFirst()
  }

  /// Tells the producer to stop; batches not yet taken are dropped.
  func cancel() {
    condition.lock()
    cancelled = true
    ready.removeAll()
    condition.broadcast()
    condition.unlock()
  }

  /// Adds `batch` once there is room; `false` if the consumer cancelled.
  private func put(_ batch: Batch) -> Bool {
    condition.lock()
    defer { condition.unlock() }
    while ready.count >= BatchLoader.prefetchDepth && !cancelled { condition.wait() }
    guard !cancelled else { return false }
    ready.append(batch)
    condition.broadcast()
    return true
  }

  private func finish() {
    condition.lock()
    finished = true
    condition.broadcast()
    condition.unlock()
  }
}
