import TriscaleCore
import TriscaleGraph

/// Runs a whole ``Graph`` forward and backward with the plain-loop reference
/// kernels, with the same semantics and API shape as ``FloatExecutor``, so
/// that whole models can be compared against it. For tests and validation
/// only: it is slow by design.
///
/// Like ``FloatExecutor``, a training forward normalizes with batch
/// statistics and folds them into the moving averages in `parameters`, and
/// dropout node `i` draws its mask from `seed &+ i` (see
/// ``ReferenceDropout/mask(count:rate:seed:)``).
public final class ReferenceExecutor {
  /// The graph being executed.
  public let graph: Graph
  /// The batch size every call processes.
  public let batchSize: Int

  /// The last forward's activations, one per node, batch first.
  private var activations: [Tensor] = []
  /// Batch statistics of every batch-norm node in the last training forward.
  private var statistics: [Int: ReferenceBatchNorm.Statistics] = [:]
  /// The mask of every dropout node in the last forward.
  private var masks: [Int: [Float]] = [:]
  /// The parameters the last training forward read; nil when the last forward was not training.
  private var trainedParameters: ParameterStore?

  /// An executor for `graph` (re-validated, so every node's inputs and shape
  /// are consistent) over batches of `batchSize` images.
  public init(graph: Graph, batchSize: Int) throws {
    guard batchSize > 0 else {
      throw TriscaleError.invalidArgument(
        name: "batch size", problem: "\(batchSize) is not positive",
        fix: "Use a batch size of at least 1")
    }
    self.graph = try graph.validated()
    self.batchSize = batchSize
  }

  /// Elements of one output row (for classifiers, the class count).
  public var outputWidth: Int { graph.outputShape.reduce(1, *) }

  /// Runs the graph on `images` (batchSize·H·W·C NHWC floats) and returns the
  /// output (batchSize·outputWidth floats), as ``FloatExecutor/forward(images:parameters:training:seed:)``.
  public func forward(
    images: [Float], parameters: inout ParameterStore, training: Bool, seed: UInt64 = 0
  ) throws
    -> [Float]
  {
    let inputShape = [batchSize] + graph.inputShape
    guard images.count == inputShape.reduce(1, *) else {
      throw TriscaleError.invalidArgument(
        name: "input",
        problem: "\(images.count) values for a batch needing \(inputShape.reduce(1, *))",
        fix: "Pass batchSize·H·W·C floats")
    }
    try parameters.validate(against: graph)
    statistics = [:]
    masks = [:]
    trainedParameters = nil
    activations = [Tensor(shape: inputShape, storage: images)]
    for index in graph.nodes.indices.dropFirst() {
      activations.append(
        try forward(node: index, parameters: &parameters, training: training, seed: seed))
    }
    if training { trainedParameters = parameters }
    return activations[activations.count - 1].storage
  }

  /// Back-propagates `outputGradient` (dLoss/dOutput of the last forward,
  /// which must have been a training forward) and returns the gradient of
  /// every trainable parameter, in graph order.
  public func backward(outputGradient: [Float]) throws -> ParameterStore {
    guard let parameters = trainedParameters else {
      throw TriscaleError.invalidArgument(
        name: "reference executor", problem: "backward without a preceding training forward",
        fix: "Call forward(images:parameters:training: true) first")
    }
    let output = activations[activations.count - 1]
    guard outputGradient.count == output.count else {
      throw TriscaleError.invalidArgument(
        name: "output gradient",
        problem: "\(outputGradient.count) values, expected \(output.count)",
        fix: "Pass one gradient per output element")
    }
    var nodeGradients = [Tensor?](repeating: nil, count: graph.nodes.count)
    nodeGradients[nodeGradients.count - 1] = Tensor(shape: output.shape, storage: outputGradient)
    var parameterGradients: [String: Tensor] = [:]
    for index in stride(from: graph.nodes.count - 1, through: 1, by: -1) {
      guard let gradient = nodeGradients[index] else { continue }
      let node = graph.nodes[index]
      let inputGradients = try backward(
        node: index, outputGradient: gradient, parameters: parameters, into: &parameterGradients)
      for (input, inputGradient) in zip(node.inputs, inputGradients) {
        nodeGradients[input] =
          try nodeGradients[input].map { try ReferenceAdd.forward(left: $0, right: inputGradient) }
          ?? inputGradient
      }
    }
    var result = ParameterStore()
    for spec in graph.parameterSpecs where spec.role.isTrainable {
      result[spec.key] = parameterGradients[spec.key] ?? Tensor(shape: spec.shape)
    }
    return result
  }

  private func parameter(_ role: ParameterRole, of node: Node, in parameters: ParameterStore) throws
    -> Tensor
  {
    guard let tensor = parameters["\(node.name).\(role.rawValue)"] else {
      throw TriscaleError.invalidModel(
        problem: "missing parameter \(node.name).\(role.rawValue)", fix: "Check the model file")
    }
    return tensor
  }

  /// The output of node `index` from the activations computed so far.
  private func forward(
    node index: Int, parameters: inout ParameterStore, training: Bool, seed: UInt64
  ) throws
    -> Tensor
  {
    let node = graph.nodes[index]
    let input = activations[node.inputs[0]]
    switch node.operation {
    case .input:
      return input
    case .conv2d(let attributes):
      return try ReferenceConv2D.forward(
        input: input, kernel: parameter(.kernel, of: node, in: parameters),
        bias: attributes.useBias ? parameter(.bias, of: node, in: parameters) : nil,
        attributes: attributes)
    case .dense(_, let useBias):
      return try ReferenceDense.forward(
        input: input, kernel: parameter(.kernel, of: node, in: parameters),
        bias: useBias ? parameter(.bias, of: node, in: parameters) : nil)
    case .batchNorm(let epsilon, let momentum):
      let gamma = try parameter(.gamma, of: node, in: parameters)
      let beta = try parameter(.beta, of: node, in: parameters)
      let movingMean = try parameter(.movingMean, of: node, in: parameters)
      let movingVariance = try parameter(.movingVariance, of: node, in: parameters)
      guard training else {
        return try ReferenceBatchNorm.forwardInference(
          input: input, gamma: gamma, beta: beta, movingMean: movingMean,
          movingVariance: movingVariance,
          epsilon: epsilon)
      }
      let (output, batchStatistics) = try ReferenceBatchNorm.forwardTraining(
        input: input, gamma: gamma, beta: beta, epsilon: epsilon)
      statistics[index] = batchStatistics
      let updated = try ReferenceBatchNorm.updatedMovingAverages(
        movingMean: movingMean, movingVariance: movingVariance, statistics: batchStatistics,
        momentum: momentum)
      parameters["\(node.name).\(ParameterRole.movingMean.rawValue)"] = updated.mean
      parameters["\(node.name).\(ParameterRole.movingVariance.rawValue)"] = updated.variance
      return output
    case .relu:
      return ReferenceActivation.forward(input: input, upperBound: nil)
    case .relu6:
      return ReferenceActivation.forward(input: input, upperBound: 6)
    case .maxPool(let attributes):
      return try ReferenceMaxPool.forward(input: input, attributes: attributes)
    case .avgPool(let attributes):
      return try ReferenceAveragePool.forward(input: input, attributes: attributes)
    case .globalAvgPool:
      return try ReferenceGlobalAveragePool.forward(input: input)
    case .add:
      return try ReferenceAdd.forward(left: input, right: activations[node.inputs[1]])
    case .flatten:
      return try ReferenceFlatten.forward(input: input)
    case .dropout(let rate):
      let mask =
        training
        ? ReferenceDropout.mask(count: input.count, rate: rate, seed: seed &+ UInt64(index))
        : [Float](repeating: 1, count: input.count)
      masks[index] = mask
      return try ReferenceDropout.forward(input: input, mask: mask)
    case .softmax:
      return try ReferenceSoftmax.forward(input: input)
    case .fakeQuantize(let low, let high):
      let parameters = QuantizationParameters(covering: low, high)
      return Tensor(
        shape: input.shape,
        storage: input.storage.map { parameters.dequantize(parameters.quantize($0)) })
    }
  }

  /// The gradients of node `index`'s inputs, one per input; its parameter gradients go into `gradients`.
  private func backward(
    node index: Int, outputGradient: Tensor, parameters: ParameterStore,
    into gradients: inout [String: Tensor]
  ) throws -> [Tensor] {
    let node = graph.nodes[index]
    let input = activations[node.inputs[0]]
    func store(_ role: ParameterRole, _ tensor: Tensor) {
      gradients["\(node.name).\(role.rawValue)"] = tensor
    }
    switch node.operation {
    case .input:
      return []
    case .conv2d(let attributes):
      let result = try ReferenceConv2D.backward(
        input: input, kernel: parameter(.kernel, of: node, in: parameters),
        outputGradient: outputGradient,
        attributes: attributes)
      store(.kernel, result.kernel)
      if attributes.useBias { store(.bias, result.bias) }
      return [result.input]
    case .dense(_, let useBias):
      let result = try ReferenceDense.backward(
        input: input, kernel: parameter(.kernel, of: node, in: parameters),
        outputGradient: outputGradient)
      store(.kernel, result.kernel)
      if useBias { store(.bias, result.bias) }
      return [result.input]
    case .batchNorm(let epsilon, _):
      guard let batchStatistics = statistics[index] else { return [Tensor(shape: input.shape)] }
      let result = try ReferenceBatchNorm.backward(
        input: input, gamma: parameter(.gamma, of: node, in: parameters),
        statistics: batchStatistics,
        epsilon: epsilon, outputGradient: outputGradient)
      store(.gamma, result.gamma)
      store(.beta, result.beta)
      return [result.input]
    case .relu:
      return [
        try ReferenceActivation.backward(
          input: input, outputGradient: outputGradient, upperBound: nil)
      ]
    case .relu6:
      return [
        try ReferenceActivation.backward(
          input: input, outputGradient: outputGradient, upperBound: 6)
      ]
    case .maxPool(let attributes):
      return [
        try ReferenceMaxPool.backward(
          input: input, outputGradient: outputGradient, attributes: attributes)
      ]
    case .avgPool(let attributes):
      return [
        try ReferenceAveragePool.backward(
          input: input, outputGradient: outputGradient, attributes: attributes)
      ]
    case .globalAvgPool:
      return [try ReferenceGlobalAveragePool.backward(input: input, outputGradient: outputGradient)]
    case .add:
      let (left, right) = ReferenceAdd.backward(outputGradient: outputGradient)
      return [left, right]
    case .flatten:
      return [
        try ReferenceFlatten.backward(outputGradient: outputGradient, inputShape: input.shape)
      ]
    case .dropout:
      return [
        try ReferenceDropout.backward(outputGradient: outputGradient, mask: masks[index] ?? [])
      ]
    case .softmax:
      return [
        try ReferenceSoftmax.backward(output: activations[index], outputGradient: outputGradient)
      ]
    case .fakeQuantize(let low, let high):
      let parameters = QuantizationParameters(covering: low, high)
      return [
        Tensor(
          shape: input.shape,
          storage: zip(input.storage, outputGradient.storage).map {
            parameters.passesGradient($0) ? $1 : 0
          })
      ]
    }
  }
}
