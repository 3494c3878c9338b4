import TriscaleCore
import TriscaleData
import TriscaleEngine
import TriscaleGraph

/// Top-1 accuracy and mean loss of a model on a dataset.
public struct Evaluation: Sendable, Equatable {
  /// Fraction of images whose top-1 prediction is right.
  public var accuracy: Double
  /// Mean cross-entropy (no smoothing).
  public var loss: Double
  /// Number of images evaluated.
  public var count: Int
}

/// Evaluates fp32 models with batch-norm moving statistics and no dropout.
public enum Evaluator {
  /// Runs `graph` with `parameters` over every image of `dataset`. With
  /// `mirrorAveraging` (test-time augmentation), each image's logits are the
  /// mean of its own and its left-right mirror's.
  public static func evaluate(
    graph: Graph, parameters: ParameterStore, dataset: Dataset, normalization: Normalization,
    batchSize: Int = 250, mirrorAveraging: Bool = false
  ) throws -> Evaluation {
    guard dataset.count > 0 else {
      throw TriscaleError.invalidArgument(
        name: "dataset", problem: "it has no images", fix: "Evaluate on a non-empty dataset")
    }
    try dataset.checkMatches(
      modelName: graph.name, inputShape: graph.inputShape,
      classCount: graph.outputShape.reduce(1, *))
    let batch = min(batchSize, dataset.count)
    let executor = try FloatExecutor(graph: graph, batchSize: batch, training: false)
    let loader = try BatchLoader(
      dataset: dataset, batchSize: batch, normalization: normalization, shuffle: false, seed: 0,
      dropLast: false)
    var parameters = parameters
    var correct = 0
    var totalLoss = 0.0
    var padded = [Float](repeating: 0, count: batch * graph.inputShape.reduce(1, *))
    for item in loader.batches(epoch: 0) {
      padded.withUnsafeMutableBufferPointer { target in
        item.images.withUnsafeBufferPointer { source in
          target.baseAddress!.update(from: source.baseAddress!, count: source.count)
        }
      }
      var logits = try padded.withUnsafeBufferPointer {
        try executor.forward(images: $0, parameters: &parameters, training: false)
      }
      if mirrorAveraging {
        let mirrored = try mirror(padded, shape: graph.inputShape).withUnsafeBufferPointer {
          try executor.forward(images: $0, parameters: &parameters, training: false)
        }
        for index in logits.indices { logits[index] = (logits[index] + mirrored[index]) / 2 }
      }
      let width = executor.outputWidth
      let rows = Tensor(
        shape: [item.count, width], storage: Array(logits[0..<(item.count * width)]))
      let output = try Loss.softmaxCrossEntropy(logits: rows, labels: item.labels)
      correct += output.correct
      totalLoss += Double(output.loss) * Double(item.count)
    }
    return Evaluation(
      accuracy: Double(correct) / Double(dataset.count), loss: totalLoss / Double(dataset.count),
      count: dataset.count)
  }

  /// NHWC `images` of `shape` [H, W, C] mirrored left to right.
  static func mirror(_ images: [Float], shape: [Int]) -> [Float] {
    let (width, channels) = (shape[1], shape[2])
    var mirrored = images
    for row in 0..<(images.count / (width * channels)) {
      let start = row * width * channels
      for x in 0..<width {
        for channel in 0..<channels {
          mirrored[start + x * channels + channel] =
            images[start + (width - 1 - x) * channels + channel]
        }
      }
    }
    return mirrored
  }
}

extension Evaluator {
  /// Runs the int8 `model` (batch 1, on the int8 runtime) over every image of
  /// `dataset`: images are normalized, quantized with the input's parameters,
  /// and the loss is computed on the dequantized logits.
  public static func evaluate(
    int8 model: Int8Model, dataset: Dataset, normalization: Normalization,
    kernels: Int8KernelChoice = .automatic
  ) throws -> Evaluation {
    guard dataset.count > 0 else {
      throw TriscaleError.invalidArgument(
        name: "dataset", problem: "it has no images", fix: "Evaluate on a non-empty dataset")
    }
    try dataset.checkMatches(
      modelName: model.name, inputShape: model.input.shape, classCount: model.output.elementCount)
    let executor = try Int8Executor(model: model, kernels: kernels)
    let loader = try BatchLoader(
      dataset: dataset, batchSize: min(250, dataset.count), normalization: normalization,
      shuffle: false, seed: 0, dropLast: false)
    let pixels = model.input.elementCount
    var correct = 0
    var totalLoss = 0.0
    var logits = [Float]()
    for item in loader.batches(epoch: 0) {
      logits.removeAll(keepingCapacity: true)
      try item.images.withUnsafeBufferPointer { images in
        for row in 0..<item.count {
          let image = UnsafeBufferPointer(rebasing: images[(row * pixels)..<((row + 1) * pixels)])
          logits += model.dequantizeOutput(try executor.run(model.quantizeInput(image)))
        }
      }
      let rows = Tensor(shape: [item.count, model.output.elementCount], storage: logits)
      let output = try Loss.softmaxCrossEntropy(logits: rows, labels: item.labels)
      correct += output.correct
      totalLoss += Double(output.loss) * Double(item.count)
    }
    return Evaluation(
      accuracy: Double(correct) / Double(dataset.count), loss: totalLoss / Double(dataset.count),
      count: dataset.count)
  }
}
