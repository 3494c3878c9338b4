import TriscaleCore
import TriscaleData
import TriscaleEngine
import TriscaleGraph

/// Full-int8 post-training quantization: folds batch norms, observes every
/// activation's range on calibration images with the float model, and lowers
/// the graph to an ``Int8Model`` (per-channel symmetric weights, per-tensor
/// asymmetric activations, int32 biases).
public enum PostTrainingQuantizer {
  /// Quantizes `graph` with `parameters`, calibrating on the first `images`
  /// images of `calibration` (normalized as in training).
  ///
  /// - Throws: for an empty calibration set, a graph with operations int8
  ///   does not support, or a dataset that does not fit the model.
  public static func quantize(
    graph: Graph, parameters: ParameterStore, calibration: Dataset,
    normalization: Normalization, images: Int = 500, method: CalibrationMethod = .minMax
  ) throws -> Int8Model {
    try checkCalibration(calibration, images: images, for: graph)
    let folded = try InferenceGraph(graph: graph, parameters: parameters)
    let subset = calibration.count > images ? calibration.prefix(images) : calibration
    let ranges = try calibratedRanges(
      of: folded, calibration: subset, normalization: normalization, method: method)
    var model = try Int8Lowering.lower(
      graph: folded.graph, parameters: folded.parameters, ranges: ranges)
    model.metadata["quantization"] = "full-int8 post-training"
    model.metadata["calibration"] = "\(method) over \(subset.count) images of \(calibration.name)"
    return model
  }

  /// Throws unless `calibration` matches `graph` (images and classes) and `images` is positive.
  static func checkCalibration(_ calibration: Dataset, images: Int, for graph: Graph) throws {
    guard images > 0, calibration.count > 0 else {
      throw TriscaleError.invalidArgument(
        name: "calibration set",
        problem: "it is empty (\(calibration.count) images available, \(images) requested)",
        fix: "Calibrate on at least one image, e.g. --calibration-images 500")
    }
    try calibration.checkMatches(
      modelName: graph.name, inputShape: graph.inputShape,
      classCount: graph.outputShape.reduce(1, *))
  }

  /// The output range of every node of `model` over the images of
  /// `calibration`, picked by `method`.
  static func calibratedRanges(
    of model: InferenceGraph, calibration: Dataset, normalization: Normalization,
    method: CalibrationMethod
  ) throws -> [Int: (low: Float, high: Float)] {
    var histograms = [ActivationHistogram](
      repeating: ActivationHistogram(), count: model.graph.nodes.count)
    try observe(model, on: calibration, normalization: normalization) { node, values in
      histograms[node].observeRange(values)
    }
    if method != .minMax {
      try observe(model, on: calibration, normalization: normalization) { node, values in
        histograms[node].observeDistribution(values)
      }
    }
    var ranges: [Int: (low: Float, high: Float)] = [:]
    for node in model.graph.nodes.indices { ranges[node] = histograms[node].range(for: method) }
    return ranges
  }

  /// Runs the float model over `dataset` and hands every node's activations
  /// (only the rows of real images) to `visit`.
  private static func observe(
    _ model: InferenceGraph, on dataset: Dataset, normalization: Normalization,
    visit: (Int, UnsafeBufferPointer<Float>) -> Void
  ) throws {
    let batch = min(100, dataset.count)
    let executor = try FloatExecutor(graph: model.graph, batchSize: batch, training: false)
    let loader = try BatchLoader(
      dataset: dataset, batchSize: batch, normalization: normalization, shuffle: false, seed: 0,
      dropLast: false)
    var parameters = model.parameters
    var images = [Float](repeating: 0, count: batch * model.graph.inputShape.reduce(1, *))
    for item in loader.batches(epoch: 0) {
      images.replaceSubrange(0..<item.images.count, with: item.images)
      _ = try images.withUnsafeBufferPointer {
        try executor.forward(images: $0, parameters: &parameters, training: false)
      }
      for node in model.graph.nodes.indices {
        let all = try executor.activations(of: node)
        let perImage = all.count / batch
        visit(node, UnsafeBufferPointer(rebasing: all[0..<(perImage * item.count)]))
      }
    }
  }
}
