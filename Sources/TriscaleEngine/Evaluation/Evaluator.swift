import TriscaleCore
import TriscaleData

/// Scores any ``InferenceModel`` (float or int8) on a dataset.
public enum Evaluator {
  /// Runs `model` over every image of `dataset`, normalized with
  /// `normalization` and fed `batchSize` images at a time. With
  /// `mirrorAveraging` (test-time augmentation), each image's logits are the
  /// mean of its own and its left-right mirror's.
  public static func evaluate(
    _ model: some InferenceModel, on dataset: Dataset, normalization: Normalization,
    batchSize: Int = 250, mirrorAveraging: Bool = false
  ) throws -> Evaluation {
    guard dataset.count > 0 else {
      throw TriscaleError.invalidArgument(
        name: "dataset", problem: "it has no images", fix: "Evaluate on a non-empty dataset")
    }
    try dataset.checkMatches(
      modelName: model.name, inputShape: model.inputShape, classCount: model.outputWidth)
    let loader = try BatchLoader(
      dataset: dataset, batchSize: min(batchSize, dataset.count), normalization: normalization,
      shuffle: false, seed: 0, dropLast: false)
    var correct = 0
    var totalLoss = 0.0
    for item in loader.batches(epoch: 0) {
      var logits = try item.images.withUnsafeBufferPointer { try model.logits(for: $0) }
      if mirrorAveraging {
        let mirrored = try mirror(item.images, shape: model.inputShape).withUnsafeBufferPointer {
          try model.logits(for: $0)
        }
        for index in logits.indices { logits[index] = (logits[index] + mirrored[index]) / 2 }
      }
      let rows = Tensor(shape: [item.count, model.outputWidth], storage: logits)
      let output = try Loss.softmaxCrossEntropy(logits: rows, labels: item.labels)
      correct += output.correct
      totalLoss += Double(output.loss) * Double(item.count)
    }
    return Evaluation(
      accuracy: Double(correct) / Double(dataset.count), loss: totalLoss / Double(dataset.count),
      count: dataset.count)
  }

  /// The logits of `model` for every image of `dataset` in order (``InferenceModel/outputWidth``
  /// per image), normalized with `normalization`, `batchSize` images at a time.
  public static func logits(
    of model: some InferenceModel, on dataset: Dataset, normalization: Normalization,
    batchSize: Int = 250
  ) throws -> [Float] {
    try dataset.checkMatches(
      modelName: model.name, inputShape: model.inputShape, classCount: model.outputWidth)
    let loader = try BatchLoader(
      dataset: dataset, batchSize: max(1, min(batchSize, dataset.count)),
      normalization: normalization, shuffle: false, seed: 0, dropLast: false)
    var logits: [Float] = []
    logits.reserveCapacity(dataset.count * model.outputWidth)
    for item in loader.batches(epoch: 0) {
      logits += try item.images.withUnsafeBufferPointer { try model.logits(for: $0) }
    }
    return logits
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
