import TriscaleCore
import TriscaleData
import TriscaleGraph
import TriscaleTrain

/// Quantization-aware training: fine-tunes a trained float model while it
/// sees int8 rounding, then lowers it to the same ``Int8Model`` as
/// post-training quantization.
///
/// Batch norms are folded first, so the weights being trained are exactly the
/// ones that will be quantized (folding-aware by construction; the batch-norm
/// statistics are frozen into them). Activation ranges are calibrated once,
/// like PTQ, and stay fixed; a fake quantizer (``Operation/fakeQuantize(low:high:)``)
/// sits wherever the int8 model has a tensor, and the weights are fake-quantized
/// per channel in every pass (``WeightFakeQuantizer``). Gradients pass
/// straight through the rounding.
public enum QuantizationAwareTraining {
  /// The result: the int8 model and the fine-tuned folded float model it came from.
  public struct Result {
    /// The int8 model lowered from the fine-tuned weights.
    public var model: Int8Model
    /// The fine-tuned float model, batch norms folded, without fake quantizers.
    public var float: InferenceGraph
  }

  /// Fine-tunes `graph` with `parameters` under simulated int8 for
  /// `options.epochs` epochs on `trainSet` and quantizes it. The loss is
  /// `objective` (e.g. a ``DistillationObjective``: quantization-aware
  /// distillation), by default cross-entropy with the recipe's label smoothing.
  public static func train(
    graph: Graph, parameters: ParameterStore, trainSet: Dataset, testSet: Dataset?,
    normalization: Normalization, options: TrainingOptions, calibrationImages: Int = 500,
    method: CalibrationMethod = .minMax, objective: (any TrainingObjective)? = nil,
    checkpointPath: String, report: (TrainingEvent) -> Void
  ) throws -> Result {
    try PostTrainingQuantizer.checkCalibration(trainSet, images: calibrationImages, for: graph)
    let folded = try InferenceGraph(graph: graph, parameters: parameters)
    let calibration =
      trainSet.count > calibrationImages ? trainSet.prefix(calibrationImages) : trainSet
    let ranges = try PostTrainingQuantizer.calibratedRanges(
      of: folded, calibration: calibration, normalization: normalization, method: method)
    let training = try trainingGraph(folded.graph, ranges: ranges)
    let trainer = try Trainer(
      options: options, graph: training, trainSet: trainSet, testSet: testSet,
      normalization: normalization, checkpointPath: checkpointPath,
      initialParameters: folded.parameters,
      forwardTransform: WeightFakeQuantizer(graph: folded.graph), objective: objective)
    let trained = try trainer.run(resume: false, report: report).parameters
    var model = try Int8Lowering.lower(graph: folded.graph, parameters: trained, ranges: ranges)
    model.metadata["quantization"] = "full-int8 quantization-aware training"
    model.metadata["calibration"] =
      "\(method) over \(calibration.count) images of \(trainSet.name); \(options.epochs) QAT epochs"
    return Result(model: model, float: try InferenceGraph(graph: folded.graph, parameters: trained))
  }

  /// `folded` with a fake quantizer after every node whose value the int8
  /// model stores as a tensor, over that tensor's calibrated range: the input;
  /// each convolution, dense layer and add (after its ReLU when the ReLU is
  /// its only consumer and so fused); each average pool (which rounds to its
  /// input's grid). Max pooling and flattening keep values on their grid.
  static func trainingGraph(_ folded: Graph, ranges: [Int: (low: Float, high: Float)]) throws
    -> Graph
  {
    let consumers = folded.consumers
    var rangeOf: [Int: (low: Float, high: Float)] = [:]
    var replacement = [Int](repeating: 0, count: folded.nodes.count)
    var builder = GraphBuilder(name: folded.name, inputShape: folded.inputShape)
    func quantizeAfter(_ index: Int, range: (low: Float, high: Float)) throws {
      let low = min(range.low, 0)
      let high = max(range.high, low + 1e-6, 0)
      rangeOf[index] = range
      replacement[index] = try builder.append(
        .fakeQuantize(low: low, high: high), inputs: [replacement[index]],
        name: folded.nodes[index].name + ".fake_quantize")
    }
    try quantizeAfter(0, range: ranges[0] ?? (0, 0))
    for (index, node) in folded.nodes.enumerated() where index > 0 {
      replacement[index] = try builder.append(
        node.operation, inputs: node.inputs.map { replacement[$0] }, name: node.name)
      switch node.operation {
      case .conv2d, .dense, .add:
        if Int8Lowering.fusedActivation(of: index, in: folded, consumers: consumers) == nil {
          try quantizeAfter(index, range: ranges[index] ?? (0, 0))
        }
      case .relu, .relu6:
        try quantizeAfter(index, range: ranges[index] ?? (0, 0))
      case .avgPool, .globalAvgPool:
        try quantizeAfter(index, range: rangeOf[node.inputs[0]] ?? (0, 0))
      case .maxPool, .flatten:
        rangeOf[index] = rangeOf[node.inputs[0]]
      default:
        break
      }
    }
    return builder.graph
  }
}
