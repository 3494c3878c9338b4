import CDNNL
import TriscaleCore
import TriscaleGraph

/// Batch normalization over channels on oneDNN: batch statistics while
/// training (moving averages updated afterwards), moving statistics otherwise.
///
/// With `fusedReLU` it also applies the ReLU that follows it (oneDNN's
/// `fuse_norm_relu`), writing straight into the ReLU node's buffers: one pass
/// over the activation instead of two, forward and backward.
final class BatchNormLayer: Layer {
  private let node: Node
  private let epsilon: Float
  private let momentum: Float
  private let input: NodeBuffers
  private let output: NodeBuffers
  private let channels: Int
  private let inferencePrimitive: DNNLPrimitive
  private let trainingPrimitive: DNNLPrimitive?
  private let backwardPrimitive: DNNLPrimitive?
  private let scale: DNNLMemory
  private let shift: DNNLMemory
  private let movingMean: DNNLMemory
  private let movingVariance: DNNLMemory
  private let batchMean: DNNLMemory
  private let batchVariance: DNNLMemory
  private let scaleGradient: DNNLMemory
  private let shiftGradient: DNNLMemory
  private let workspace: DNNLMemory?
  private var spare: DNNLMemory?

  init(
    node: Node, epsilon: Float, momentum: Float, input: NodeBuffers, output: NodeBuffers,
    training: Bool,
    fusedReLU: Bool
  ) throws {
    self.node = node
    self.epsilon = epsilon
    self.momentum = momentum
    self.input = input
    self.output = output
    channels = input.shape.last!
    let vector = try MemoryDescriptor.plain([channels], tag: dnnl_x)
    scale = try DNNLMemory(vector)
    shift = try DNNLMemory(vector)
    movingMean = try DNNLMemory(vector)
    movingVariance = try DNNLMemory(vector)
    batchMean = try DNNLMemory(vector)
    batchVariance = try DNNLMemory(vector)
    scaleGradient = try DNNLMemory(vector)
    shiftGradient = try DNNLMemory(vector)
    var data = input.descriptor
    let scaleShift =
      dnnl_use_scale.rawValue | dnnl_use_shift.rawValue
      | (fusedReLU ? dnnl_fuse_norm_relu.rawValue : 0)

    var inferenceDescriptor = dnnl_batch_normalization_desc_t()
    try check(
      dnnl_batch_normalization_forward_desc_init(
        &inferenceDescriptor, dnnl_forward_inference, &data, epsilon,
        scaleShift | dnnl_use_global_stats.rawValue),
      "\(node.name): batch-norm descriptor")
    inferencePrimitive = try DNNLPrimitive(
      node.name + " inference", operation: &inferenceDescriptor)
    guard training else {
      trainingPrimitive = nil
      backwardPrimitive = nil
      workspace = nil
      return
    }
    var trainingDescriptor = dnnl_batch_normalization_desc_t()
    try check(
      dnnl_batch_normalization_forward_desc_init(
        &trainingDescriptor, dnnl_forward_training, &data, epsilon, scaleShift),
      "\(node.name): batch-norm training descriptor")
    let trainingPrimitive = try DNNLPrimitive(
      node.name + " training", operation: &trainingDescriptor)
    self.trainingPrimitive = trainingPrimitive
    var workspaceDescriptor = trainingPrimitive.memoryDescriptor(dnnl_query_workspace_md)
    workspace =
      dnnl_memory_desc_get_size(&workspaceDescriptor) > 0
      ? try DNNLMemory(workspaceDescriptor) : nil
    var backwardDescriptor = dnnl_batch_normalization_desc_t()
    try check(
      dnnl_batch_normalization_backward_desc_init(
        &backwardDescriptor, dnnl_backward, &data, &data, epsilon, scaleShift),
      "\(node.name): batch-norm backward descriptor")
    backwardPrimitive = try DNNLPrimitive(
      node.name + " backward", operation: &backwardDescriptor, hint: trainingPrimitive)
  }

  func load(_ parameters: ParameterStore) throws {
    for (role, memory) in [
      ("gamma", scale), ("beta", shift), ("moving_mean", movingMean),
      ("moving_variance", movingVariance),
    ] {
      guard let tensor = parameters[node.name + "." + role] else {
        throw TriscaleError.invalidModel(
          problem: "missing parameter \(node.name).\(role)", fix: "Check the model file")
      }
      memory.copy(from: tensor)
    }
  }

  var primitives: [DNNLPrimitive] {
    [inferencePrimitive] + [trainingPrimitive, backwardPrimitive].compactMap { $0 }
  }

  func forward(training: Bool) throws {
    if training, let trainingPrimitive {
      var arguments = [
        (DNNL_ARG_SRC, input.output), (DNNL_ARG_SCALE, scale), (DNNL_ARG_SHIFT, shift),
        (DNNL_ARG_MEAN, batchMean), (DNNL_ARG_VARIANCE, batchVariance),
        (DNNL_ARG_DST, output.output),
      ]
      if let workspace { arguments.append((DNNL_ARG_WORKSPACE, workspace)) }
      try trainingPrimitive.execute(arguments)
    } else {
      try inferencePrimitive.execute([
        (DNNL_ARG_SRC, input.output), (DNNL_ARG_SCALE, scale), (DNNL_ARG_SHIFT, shift),
        (DNNL_ARG_MEAN, movingMean), (DNNL_ARG_VARIANCE, movingVariance),
        (DNNL_ARG_DST, output.output),
      ])
    }
  }

  func backward(inputGradients: [DNNLMemory?]) throws {
    guard let backwardPrimitive, let outputGradient = output.gradient else { return }
    // The scale/shift gradients are always needed, so when the executor wants no input
    // gradient (a batch norm reading the graph input) it goes to a spare buffer.
    guard let target = try inputGradients[0] ?? spareInputGradient() else { return }
    var arguments = [
      (DNNL_ARG_SRC, input.output), (DNNL_ARG_MEAN, batchMean), (DNNL_ARG_VARIANCE, batchVariance),
      (DNNL_ARG_DIFF_DST, outputGradient), (DNNL_ARG_SCALE, scale), (DNNL_ARG_SHIFT, shift),
      (DNNL_ARG_DIFF_SRC, target), (DNNL_ARG_DIFF_SCALE, scaleGradient),
      (DNNL_ARG_DIFF_SHIFT, shiftGradient),
    ]
    if let workspace { arguments.append((DNNL_ARG_WORKSPACE, workspace)) }
    try backwardPrimitive.execute(arguments)
  }

  private func spareInputGradient() throws -> DNNLMemory? {
    if spare == nil { spare = try DNNLMemory(input.descriptor) }
    return spare
  }

  func gradients(into store: inout ParameterStore) throws {
    store[node.name + ".gamma"] = scaleGradient.tensor(shape: [channels])
    store[node.name + ".beta"] = shiftGradient.tensor(shape: [channels])
  }

  func updateStatistics(_ parameters: inout ParameterStore) {
    let samples = Float(input.count / channels)
    let unbias = samples > 1 ? samples / (samples - 1) : 1
    for (role, batch, correction) in [
      ("moving_mean", batchMean, Float(1)), ("moving_variance", batchVariance, unbias),
    ] {
      let key = node.name + "." + role
      guard var moving = parameters[key] else { continue }
      for channel in 0..<channels {
        moving.storage[channel] =
          momentum * moving.storage[channel] + (1 - momentum) * batch.pointer[channel] * correction
      }
      parameters[key] = moving
    }
  }
}
