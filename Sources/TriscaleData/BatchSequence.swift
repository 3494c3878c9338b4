/// The batches of one epoch from a given step; see
/// ``BatchLoader/batches(epoch:startingAt:)``.
public struct BatchSequence: Sequence, Sendable {
  let loader: BatchLoader
  let epoch: Int
  let firstStep: Int

  /// Starts preparing batches in the background and returns their iterator.
  public func makeIterator() -> BatchIterator {
    let steps = Swift.min(firstStep, loader.stepsPerEpoch)..<loader.stepsPerEpoch
    return BatchIterator(queue: PrefetchQueue(loader: loader, epoch: epoch, steps: steps))
  }
}

/// Hands out the batches a background thread prepares, in order.
public struct BatchIterator: IteratorProtocol {
  private let handle: Handle

  init(queue: PrefetchQueue) {
    handle = Handle(queue: queue)
  }

  /// The next batch, waiting for it if it is not ready yet; `nil` after the
  /// last one.
  public mutating func next() -> Batch? {
    handle.queue.take()
  }

  /// Owns the consumer side: when the last copy of the iterator goes away,
  /// the producer thread is told to stop.
  private final class Handle {
    let queue: PrefetchQueue
    init(queue: PrefetchQueue) { self.queue = queue }
    deinit { queue.cancel() }
  }
}
