import TriscaleGraph

/// A float graph bound to its weights for inference: a ``FloatExecutor`` in
/// inference mode (batch-norm moving statistics, no dropout) whose parameters
/// are loaded and reordered once, at construction.
public final class FloatInferenceModel: InferenceModel {
  /// The graph being run.
  public let graph: Graph
  /// Images per executor run: a call with fewer is padded, one with more is split.
  public let batchSize: Int
  private let executor: FloatExecutor

  /// Plans `graph` for `batchSize` images in `precision` and binds `parameters`.
  public init(
    graph: Graph, parameters: ParameterStore, batchSize: Int = 1, precision: Precision = .fp32
  ) throws {
    executor = try FloatExecutor(
      graph: graph, batchSize: batchSize, training: false, precision: precision)
    try executor.bind(parameters)
    self.graph = graph
    self.batchSize = batchSize
  }

  /// The graph's input shape.
  public var inputShape: [Int] { graph.inputShape }
  /// The graph's name.
  public var name: String { graph.name }
  /// The graph's output elements per image.
  public var outputWidth: Int { executor.outputWidth }

  /// The executor's output for `images`, run ``batchSize`` images at a time
  /// (the last run zero-padded when `images` holds fewer).
  public func logits(for images: UnsafeBufferPointer<Float>) throws -> [Float] {
    let pixels = inputElementCount
    let count = try imageCount(of: images)
    let runLength = batchSize * pixels
    var logits: [Float] = []
    logits.reserveCapacity(count * outputWidth)
    for start in stride(from: 0, to: images.count, by: runLength) {
      let run = UnsafeBufferPointer(rebasing: images[start..<min(start + runLength, images.count)])
      guard run.count < runLength else {
        logits += try executor.forward(images: run)
        continue
      }
      var padded = [Float](repeating: 0, count: runLength)
      padded.withUnsafeMutableBufferPointer { _ = $0.update(fromContentsOf: run) }
      let output = try padded.withUnsafeBufferPointer { try executor.forward(images: $0) }
      logits += output[0..<(run.count / pixels * outputWidth)]
    }
    return logits
  }

  /// One executor run on a constant batch (every value 0.1).
  public func withPreparedInference<Result>(
    _ body: (_ infer: () throws -> Void) throws -> Result
  ) throws -> Result {
    let images = [Float](repeating: 0.1, count: batchSize * inputElementCount)
    return try images.withUnsafeBufferPointer { pointer in
      try body { _ = try self.executor.forward(images: pointer) }
    }
  }
}
