import TriscaleCore

extension Int8Model {
  /// Checks the model before any arithmetic on its numbers, in time linear
  /// in its size; throws ``TriscaleError/invalidModel(problem:fix:)`` naming
  /// the first problem.
  ///
  /// It checks:
  /// - counts: at least one operation, at most ``ModelLimits/maxNodeCount``
  ///   tensors and operations;
  /// - every tensor: a vector or an [H, W, C] image within ``ModelLimits``,
  ///   a finite positive scale and a zero point in
  ///   [-128, 127];
  /// - order: operands that exist and are written before they are read,
  ///   each tensor written once, the output written;
  /// - every operation: attributes within ``ModelLimits``, weights, scales
  ///   and biases of the sizes the shapes need, weight scales finite and
  ///   positive, and an output shape equal to the one ``ShapeInference``
  ///   derives from its input.
  public func validate() throws {
    guard tensors.count >= 2, !operations.isEmpty else {
      throw invalid("it has no operations", at: name)
    }
    let limit = ModelLimits.maxNodeCount
    guard tensors.count <= limit, operations.count <= limit else {
      throw invalid(
        "it has \(tensors.count) tensors and \(operations.count) operations, more than the limit of \(limit)",
        at: name)
    }
    for tensor in tensors { try validate(tensor) }
    var written = [Bool](repeating: false, count: tensors.count)
    written[0] = true
    for operation in operations {
      for input in operation.inputs where !tensors.indices.contains(input) || !written[input] {
        throw invalid("an operation reads tensor \(input) before it is written", at: name)
      }
      guard operation.output > 0, operation.output < tensors.count, !written[operation.output]
      else {
        throw invalid("tensor \(operation.output) is written twice or does not exist", at: name)
      }
      try validateParameters(of: operation)
      written[operation.output] = true
    }
    guard written[tensors.count - 1] else {
      throw invalid("no operation writes the output tensor", at: name)
    }
  }

  private func validate(_ tensor: TensorInfo) throws {
    let fail = { (problem: String) in self.invalid(problem, at: tensor.name) }
    if tensor.shape.count == 3 {
      try ModelLimits.checkImageShape(tensor.shape, "its shape", fail)
    } else {
      guard tensor.shape.count == 1 else {
        throw fail("its shape \(tensor.shape) is neither a vector nor [H, W, C]")
      }
      try ModelLimits.checkElementCount(tensor.shape, "its shape \(tensor.shape)", fail)
    }
    let quantization = tensor.quantization
    guard quantization.scale.isFinite, quantization.scale > 0 else {
      throw fail("its scale \(quantization.scale) is not a finite positive number")
    }
    guard (-128...127).contains(quantization.zeroPoint) else {
      throw fail("its zero point \(quantization.zeroPoint) is outside [-128, 127]")
    }
  }

  private func validateParameters(of operation: Int8Operation) throws {
    let output = tensors[operation.output]
    let fail = { (problem: String) in self.invalid(problem, at: output.name) }
    switch operation {
    case .convolution(let convolution):
      let input = tensors[convolution.input]
      let attributes = Conv2DAttributes(
        filters: convolution.outputChannels, kernel: convolution.kernel,
        stride: convolution.stride, padding: convolution.padding, groups: convolution.groups)
      try expectShape(of: output, operation: .conv2d(attributes), input: input.shape)
      let expected =
        convolution.outputChannels * convolution.kernel * convolution.kernel
        * (input.shape[2] / convolution.groups)
      guard convolution.weights.count == expected,
        convolution.weightScales.count == convolution.outputChannels
      else {
        throw fail(
          "it has \(convolution.weights.count) weights and \(convolution.weightScales.count) scales; its shapes need \(expected) and \(convolution.outputChannels)"
        )
      }
      try validateWeightScales(convolution.weightScales, fail)
    case .fullyConnected(let layer):
      let input = tensors[layer.input]
      try expectShape(
        of: output, operation: .dense(units: layer.units, useBias: true),
        input: [input.elementCount])
      let expected = layer.units * input.elementCount
      guard layer.weights.count == expected else {
        throw fail("it has \(layer.weights.count) weights; its shapes need \(expected)")
      }
      try validateWeightScales([layer.weightScale], fail)
    case .add(let left, let right, _, _):
      guard tensors[left].shape == tensors[right].shape, tensors[left].shape == output.shape
      else { throw fail("an add's operands differ in shape") }
    case .maxPool(let input, _, let attributes):
      try expectShape(of: output, operation: .maxPool(attributes), input: tensors[input].shape)
      try expectSameQuantization(tensors[input], output)
    case .averagePool(let input, _, let attributes):
      try expectShape(of: output, operation: .avgPool(attributes), input: tensors[input].shape)
      try expectSameQuantization(tensors[input], output)
    case .reshape(let input, _):
      guard tensors[input].elementCount == output.elementCount else {
        throw fail(
          "a reshape turns \(tensors[input].shape) into \(output.shape), of another element count")
      }
      try expectSameQuantization(tensors[input], output)
    }
  }

  /// Throws unless `output` has the shape inference gives `operation` on `input`.
  private func expectShape(of output: TensorInfo, operation: Operation, input: [Int]) throws {
    let derived = try ShapeInference.outputShape(of: operation, inputs: [input]) {
      invalid("\(operation.kindName): \($0)", at: output.name)
    }
    guard output.shape == derived else {
      throw invalid(
        "its shape is \(output.shape), but its input and attributes give \(derived)",
        at: output.name)
    }
  }

  private func expectSameQuantization(_ input: TensorInfo, _ output: TensorInfo) throws {
    guard input.quantization == output.quantization else {
      throw invalid("a pool or reshape changes the quantization", at: output.name)
    }
  }

  private func validateWeightScales(_ scales: [Float], _ fail: (String) -> TriscaleError) throws {
    for scale in scales where !(scale.isFinite && scale > 0) {
      throw fail("a weight scale \(scale) is not a finite positive number")
    }
  }

  private func invalid(_ problem: String, at place: String) -> TriscaleError {
    .invalidModel(
      problem: "int8 model '\(name)' is inconsistent at '\(place)': \(problem)",
      fix: "Quantize the float model again with `triscale quantize`")
  }
}
