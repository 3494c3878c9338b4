import Foundation
import TriscaleArtifact
import TriscaleData
import TriscaleEngine

/// Measures a model's ``DriftReference``: the input statistics of training
/// images, and the model's top-1 confidence, class mix and accuracy on
/// evaluation images.
public enum DriftReferenceBuilder {
  /// The reference of `artifact` from `trainImages` evenly spread training
  /// images of `train` and the first `evaluationImages` images of `evaluation`
  /// (leave the rest for testing the monitor on images it has not seen).
  public static func measure(
    _ artifact: ModelArtifact, train: Dataset, evaluation: Dataset, trainImages: Int = 5000,
    evaluationImages: Int = 5000, command: String, host: String
  ) throws -> DriftReference {
    guard train.imageShape == artifact.card.inputShape,
      evaluation.imageShape == artifact.card.inputShape
    else {
      throw ServeError.badRequest(
        "the reference data's images are \(train.imageShape), the model takes \(artifact.card.inputShape)"
      )
    }
    let shape = train.imageShape
    let size = train.imageByteCount
    let spacing = max(1, train.count / max(1, trainImages))
    let trainPick = Array(stride(from: 0, to: train.count, by: spacing).prefix(trainImages))
    var inputs = ImageStatistics.names.map { _ in [Double]() }
    for index in trainPick {
      let pixels = train.pixels[(index * size)..<((index + 1) * size)].map(Float.init)
      for (slot, value) in ImageStatistics.of(pixels[...], shape: shape).enumerated() {
        inputs[slot].append(value)
      }
    }
    let count = min(evaluationImages, evaluation.count)
    let evaluated = evaluation.prefix(count)
    let model = try artifact.weights.inferenceModel(batchSize: 100)
    let logits = try Evaluator.logits(
      of: model, on: evaluated, normalization: artifact.card.normalization ?? .cifar10,
      batchSize: 100)
    let top = ServedModel.top(
      ServedModel.softmax(logits, width: model.outputWidth), width: model.outputWidth)
    let confidences = top.map { Double($0.confidence) }
    var mix = [Double](repeating: 0, count: artifact.card.classCount)
    for prediction in top where prediction.classIndex < mix.count {
      mix[prediction.classIndex] += 1
    }
    let correct = zip(top, evaluated.labels).filter { $0.classIndex == Int($1) }.count
    let picked = trainPick.count
    let trainSource = "\(train.name), \(picked) images"
    let evaluationSource = "\(evaluation.name), first \(count) images"
    let distributions =
      zip(ImageStatistics.names, inputs).map {
        DriftReference.Distribution(
          name: $0, quantiles: quantiles($1), count: $1.count, source: trainSource)
      } + [
        DriftReference.Distribution(
          name: "confidence", quantiles: quantiles(confidences), count: count,
          source: evaluationSource)
      ]
    return DriftReference(
      distributions: distributions, classMix: mix.map { $0 / Double(max(1, count)) },
      accuracy: Double(correct) / Double(max(1, count)),
      provenance: .measured(
        host: host, date: ISO8601DateFormatter().string(from: Date()), command: command))
  }

  /// ``DriftReference/quantileCount`` evenly spaced quantiles of `values`.
  static func quantiles(_ values: [Double]) -> [Double] {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return [] }
    let last = DriftReference.quantileCount - 1
    return (0...last).map { step in
      let position = Double(step) / Double(last) * Double(sorted.count - 1)
      let low = Int(position)
      let high = min(sorted.count - 1, low + 1)
      return sorted[low] + (sorted[high] - sorted[low]) * (position - Double(low))
    }
  }
}
