import CDNNL
import TriscaleCore
import TriscaleGraph

/// Runs a ``Graph`` on oneDNN for a fixed batch size: forward for inference
/// and training, backward for parameter gradients, with activations in fp32
/// or a reduced ``Precision``.
///
/// All primitives and activation buffers are created once, in ``init``; each
/// call of ``forward(images:parameters:training:seed:)`` only copies
/// parameters in and runs the primitives (``FloatInferenceModel`` copies and
/// reorders them once, for inference). Activations stay NHWC end to end, so no
/// activation changes layout between ops (in a reduced precision, layers
/// without a kernel for it convert data types around their fp32 computation;
/// see ``computePath``). Images, outputs, output gradients, parameters and
/// parameter gradients are fp32 in every precision.
public final class FloatExecutor {
  /// The graph being executed.
  public let graph: Graph
  /// The batch size every call processes.
  public let batchSize: Int
  /// Whether backward passes are available.
  public let supportsTraining: Bool
  /// The precision activations and their gradients are kept in.
  public let precision: Precision
  /// Which kernels run, and in which precision.
  public let computePath: ComputePath

  private let buffers: [NodeBuffers]
  private let layers: [Layer?]
  private let dropouts: [Int: DropoutLayer]
  private let consumerCounts: [Int]
  private let contributions: [Int: DNNLMemory]
  /// Reduced precision only: adds a contribution to a gradient (fp32 adds in Swift).
  private let accumulators: [Int: Conversion]
  /// Reduced precision only: converts images in, and the output and its gradient.
  private let inputStaging: FP32Staging?
  private let outputStaging: FP32Staging?

  /// Plans the graph for `batchSize` images; `training` also plans backward
  /// passes. With a reduced `precision`, each oneDNN layer computes in it
  /// where oneDNN has a (non-reference) kernel for it on this CPU, and in fp32
  /// between conversions otherwise.
  public init(graph: Graph, batchSize: Int, training: Bool, precision: Precision = .fp32) throws {
    guard batchSize > 0 else {
      throw TriscaleError.invalidArgument(
        name: "batch size", problem: "\(batchSize) is not positive",
        fix: "Use a batch size of at least 1")
    }
    self.graph = graph
    self.batchSize = batchSize
    self.precision = precision
    supportsTraining = training
    var consumerCounts = [Int](repeating: 0, count: graph.nodes.count)
    for node in graph.nodes { for input in node.inputs { consumerCounts[input] += 1 } }
    self.consumerCounts = consumerCounts
    let buffers = try graph.nodes.enumerated().map { index, node in
      try NodeBuffers(
        shape: [batchSize] + node.shape, withGradient: training && index > 0,
        type: precision.dataType)
    }
    let fusedReLUs = FloatExecutor.fusableReLUs(in: graph, consumerCounts: consumerCounts)
    var layers: [Layer?] = []
    var dropouts: [Int: DropoutLayer] = [:]
    var native: [String] = []
    var widened: [String] = []
    var contributions: [Int: DNNLMemory] = [:]
    var accumulators: [Int: Conversion] = [:]
    for (index, node) in graph.nodes.enumerated() {
      if index > 0, !fusedReLUs.values.contains(index) {
        let inputs = node.inputs.map { buffers[$0] }
        let output = buffers[fusedReLUs[index] ?? index]
        let fusedReLU = fusedReLUs[index] != nil
        let kernels = graph.parameterSpecs.filter { $0.node == node.name && $0.role == .kernel }
        let layer = try FloatExecutor.plan(
          node: node, inputs: inputs, output: output, fusedReLU: fusedReLU, training: training,
          precision: precision, kernelKeys: kernels.map(\.key))
        let computing = (layer as? ConvertingLayer)?.inner ?? layer
        let label = FloatExecutor.label(node: node, fusedReLU: fusedReLU, layer: computing)
        if layer is ConvertingLayer { widened.append(label) } else { native.append(label) }
        if let dropout = computing as? DropoutLayer { dropouts[index] = dropout }
        layers.append(layer)
      } else {
        layers.append(nil)  // the input, or a ReLU computed by the batch norm before it
      }
      if training, index > 0, consumerCounts[index] > 1 {
        contributions[index] = try DNNLMemory(buffers[index].descriptor)
        if precision != .fp32 {
          accumulators[index] = try Conversion(
            from: buffers[index].descriptor, to: buffers[index].descriptor, accumulating: true)
        }
      }
    }
    self.buffers = buffers
    self.layers = layers
    self.dropouts = dropouts
    self.contributions = contributions
    self.accumulators = accumulators
    computePath = ComputePath(precision: precision, native: native, widened: widened)
    let reduced = precision != .fp32
    inputStaging = reduced ? try FP32Staging(for: buffers[0]) : nil
    outputStaging = reduced ? try FP32Staging(for: buffers[buffers.count - 1]) : nil
  }

  /// The layer computing `node`: in the buffers' precision where that is fp32
  /// or oneDNN computes the node natively in it, otherwise an fp32 layer
  /// between conversions whose kernels (`kernelKeys`) are rounded to `precision`.
  private static func plan(
    node: Node, inputs: [NodeBuffers], output: NodeBuffers, fusedReLU: Bool, training: Bool,
    precision: Precision, kernelKeys: [String]
  ) throws -> Layer {
    let make = { (inputs: [NodeBuffers], output: NodeBuffers) in
      try makeLayer(
        node: node, inputs: inputs, output: output, fusedReLU: fusedReLU, training: training)
    }
    if precision == .fp32 { return try make(inputs, output) }
    if let candidate = try? make(inputs, output), computesNatively(candidate) { return candidate }
    return try ConvertingLayer(
      precision: precision, kernelKeys: kernelKeys, inputs: inputs, output: output,
      training: training,
      make: make)
  }

  /// Whether `layer` computes in its buffers' (reduced) precision: it runs on
  /// oneDNN, and no primitive fell back to oneDNN's slow reference code.
  private static func computesNatively(_ layer: Layer) -> Bool {
    !layer.primitives.isEmpty && layer.primitives.allSatisfy { !$0.implementation.hasPrefix("ref") }
  }

  /// "operation kernel" for ``ComputePath``, e.g. `conv2d brgconv:avx512_core_bf16`.
  private static func label(node: Node, fusedReLU: Bool, layer: Layer) -> String {
    let operation =
      String(describing: node.operation).prefix { $0 != "(" } + (fusedReLU ? "+relu" : "")
    return "\(operation) \(layer.primitives.first?.implementation ?? "swift")"
  }

  /// Batch norms whose only consumer is a ReLU, mapped to that ReLU's index.
  private static func fusableReLUs(in graph: Graph, consumerCounts: [Int]) -> [Int: Int] {
    var fused: [Int: Int] = [:]
    for (index, node) in graph.nodes.enumerated() where node.operation == .relu {
      let source = node.inputs[0]
      if case .batchNorm = graph.nodes[source].operation, consumerCounts[source] == 1 {
        fused[source] = index
      }
    }
    return fused
  }

  private static func makeLayer(
    node: Node, inputs: [NodeBuffers], output: NodeBuffers, fusedReLU: Bool, training: Bool
  ) throws -> Layer {
    let needsInputGradient = training && node.inputs.first != 0
    switch node.operation {
    case .input:
      throw TriscaleError.invalidModel(
        problem: "input node '\(node.name)' is not the graph's first node",
        fix: "Rebuild the graph with one input")
    case .conv2d(let attributes):
      return try ConvolutionLayer(
        node: node, attributes: attributes, input: inputs[0], output: output, training: training,
        needsInputGradient: needsInputGradient)
    case .dense(let units, let useBias):
      return try DenseLayer(
        node: node, units: units, useBias: useBias, input: inputs[0], output: output,
        training: training,
        needsInputGradient: needsInputGradient)
    case .batchNorm(let epsilon, let momentum):
      return try BatchNormLayer(
        node: node, epsilon: epsilon, momentum: momentum, input: inputs[0], output: output,
        training: training,
        fusedReLU: fusedReLU)
    case .relu:
      return try ActivationLayer(
        node: node, upperBound: nil, input: inputs[0], output: output, training: training)
    case .relu6:
      return try ActivationLayer(
        node: node, upperBound: 6, input: inputs[0], output: output, training: training)
    case .maxPool(let attributes):
      return try PoolingLayer(
        node: node, attributes: attributes, isMax: true, input: inputs[0], output: output,
        training: training)
    case .avgPool(let attributes):
      return try PoolingLayer(
        node: node, attributes: attributes, isMax: false, input: inputs[0], output: output,
        training: training)
    case .globalAvgPool:
      return GlobalAveragePoolLayer(input: inputs[0], output: output)
    case .add:
      return try AddLayer(node: node, left: inputs[0], right: inputs[1], output: output)
    case .flatten:
      return FlattenLayer(input: inputs[0], output: output)
    case .dropout(let rate):
      return DropoutLayer(rate: rate, input: inputs[0], output: output)
    case .softmax:
      return SoftmaxLayer(input: inputs[0], output: output)
    case .fakeQuantize(let low, let high):
      return FakeQuantizeLayer(
        parameters: QuantizationParameters(covering: low, high), input: inputs[0], output: output)
    }
  }

  /// Elements of one output row (for classifiers, the class count).
  public var outputWidth: Int { graph.outputShape.reduce(1, *) }

  /// Runs the graph on `images` (batchSize·H·W·C NHWC floats) and returns the
  /// output (batchSize·outputWidth floats). With `training`, batch norm uses
  /// batch statistics and folds them into `parameters`' moving averages, and
  /// dropout draws its masks from `seed`.
  public func forward(
    images: UnsafeBufferPointer<Float>, parameters: inout ParameterStore, training: Bool,
    seed: UInt64 = 0
  ) throws -> [Float] {
    try stage(images)
    guard !training || supportsTraining else {
      throw TriscaleError.invalidArgument(
        name: "executor", problem: "training forward on an inference executor",
        fix: "Create it with training: true")
    }
    try parameters.validate(against: graph)
    for (index, layer) in layers.enumerated() {
      guard let layer else { continue }
      try layer.load(parameters)
      dropouts[index]?.seed = seed &+ UInt64(index)
      try layer.forward(training: training)
      if training { layer.updateStatistics(&parameters) }
    }
    return try output()
  }

  /// Loads `parameters` into every layer (reordered for its primitives) for
  /// ``forward(images:)``, which runs on them until the next load.
  func bind(_ parameters: ParameterStore) throws {
    try parameters.validate(against: graph)
    for layer in layers { try layer?.load(parameters) }
  }

  /// Runs the graph in inference mode on the parameters ``bind(_:)`` loaded:
  /// the same output as ``forward(images:parameters:training:seed:)`` with
  /// them and `training` false, without loading any weight.
  func forward(images: UnsafeBufferPointer<Float>) throws -> [Float] {
    try stage(images)
    for layer in layers { try layer?.forward(training: false) }
    return try output()
  }

  /// Copies `images` (batchSize·H·W·C NHWC floats) into the input buffer.
  private func stage(_ images: UnsafeBufferPointer<Float>) throws {
    let expected = buffers[0].count
    guard images.count == expected else {
      throw TriscaleError.invalidArgument(
        name: "input", problem: "\(images.count) values for a batch needing \(expected)",
        fix: "Pass batchSize·H·W·C floats")
    }
    if let inputStaging {
      try inputStaging.store(images, into: buffers[0].output)
    } else {
      buffers[0].output.pointer.update(from: images.baseAddress!, count: expected)
    }
  }

  /// The last node's output of the last forward pass, as fp32.
  private func output() throws -> [Float] {
    let last = buffers[buffers.count - 1]
    if let outputStaging { return try outputStaging.values(of: last.output) }
    return Array(UnsafeBufferPointer(start: last.output.pointer, count: last.count))
  }

  /// The output of node `index` in the last forward pass, for every image of
  /// the batch (NHWC); fp32 executors only. Batch norms whose ReLU is fused
  /// keep no output of their own: read the ReLU's.
  public func activations(of index: Int) throws -> UnsafeBufferPointer<Float> {
    guard precision == .fp32, buffers.indices.contains(index) else {
      throw TriscaleError.invalidArgument(
        name: "node", problem: "no fp32 activations for node \(index)",
        fix: "Read activations of an existing node from an fp32 executor")
    }
    return UnsafeBufferPointer(start: buffers[index].output.pointer, count: buffers[index].count)
  }

  /// Back-propagates `outputGradient` (dLoss/dOutput of the last training
  /// forward) and returns the gradient of every trainable parameter.
  public func backward(outputGradient: [Float]) throws -> ParameterStore {
    guard supportsTraining, let last = buffers.last, let lastGradient = last.gradient else {
      throw TriscaleError.invalidArgument(
        name: "executor", problem: "backward on an inference executor",
        fix: "Create it with training: true")
    }
    guard outputGradient.count == last.count else {
      throw TriscaleError.invalidArgument(
        name: "output gradient", problem: "\(outputGradient.count) values, expected \(last.count)",
        fix: "Pass one gradient per output element")
    }
    try outputGradient.withUnsafeBufferPointer { gradient in
      if let outputStaging {
        try outputStaging.store(gradient, into: lastGradient)
      } else {
        lastGradient.pointer.update(from: gradient.baseAddress!, count: last.count)
      }
    }
    var received = [Int](repeating: 0, count: buffers.count)
    for index in stride(from: layers.count - 1, through: 1, by: -1) {
      guard let layer = layers[index] else { continue }
      let inputs = graph.nodes[index].inputs
      let targets: [DNNLMemory?] = inputs.map { input in
        guard input > 0 else { return nil }
        return contributions[input] ?? buffers[input].gradient
      }
      try layer.backward(inputGradients: targets)
      for input in inputs where input > 0 {
        guard let contribution = contributions[input], let gradient = buffers[input].gradient else {
          continue
        }
        let count = buffers[input].count
        if received[input] == 0 {
          gradient.copyBytes(from: contribution)
        } else if let accumulator = accumulators[input] {
          try accumulator.run(contribution, into: gradient)
        } else {
          let sum = gradient.pointer
          let add = contribution.pointer
          for element in 0..<count { sum[element] += add[element] }
        }
        received[input] += 1
      }
    }
    var gradients = ParameterStore()
    for layer in layers { try layer?.gradients(into: &gradients) }
    return gradients
  }
}
