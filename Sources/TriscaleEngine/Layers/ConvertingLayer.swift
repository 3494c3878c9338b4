import CDNNL
import TriscaleCore
import TriscaleGraph

/// An fp32 layer inside a graph whose activations are stored in a reduced
/// precision: used where oneDNN has no kernel for that precision on this CPU,
/// and for the layers written in Swift.
///
/// Forward widens each input into an fp32 copy, runs the fp32 layer and
/// narrows its output back; backward does the same with the gradients. The
/// layer's kernels are rounded to the precision on load, so it computes with
/// the values a reduced-precision kernel would see; parameter gradients stay
/// fp32, as native reduced-precision layers return them.
final class ConvertingLayer: Layer {
  /// The fp32 layer doing the work.
  let inner: Layer
  private let precision: Precision
  private let kernelKeys: [String]
  private let inputs: [NodeBuffers]
  private let output: NodeBuffers
  private let wideInputs: [NodeBuffers]
  private let wideOutput: NodeBuffers
  private let widen: [Conversion]
  private let narrow: [Conversion]
  private let widenOutput: Conversion
  private let narrowOutput: Conversion

  /// Wraps the layer that `make` builds over fp32 copies of `inputs` and
  /// `output`; `kernelKeys` are the parameters rounded to `precision` on load.
  init(
    precision: Precision, kernelKeys: [String], inputs: [NodeBuffers], output: NodeBuffers,
    training: Bool,
    make: (_ inputs: [NodeBuffers], _ output: NodeBuffers) throws -> Layer
  ) throws {
    self.precision = precision
    self.kernelKeys = kernelKeys
    self.inputs = inputs
    self.output = output
    wideInputs = try inputs.map { try NodeBuffers(shape: $0.shape, withGradient: training) }
    wideOutput = try NodeBuffers(shape: output.shape, withGradient: training)
    widen = try zip(inputs, wideInputs).map {
      try Conversion(from: $0.descriptor, to: $1.descriptor)
    }
    narrow = try zip(inputs, wideInputs).map {
      try Conversion(from: $1.descriptor, to: $0.descriptor)
    }
    widenOutput = try Conversion(from: output.descriptor, to: wideOutput.descriptor)
    narrowOutput = try Conversion(from: wideOutput.descriptor, to: output.descriptor)
    inner = try make(wideInputs, wideOutput)
  }

  var primitives: [DNNLPrimitive] { inner.primitives }

  func load(_ parameters: ParameterStore) throws {
    var rounded = parameters
    for key in kernelKeys {
      guard var tensor = rounded[key] else { continue }
      tensor.storage = tensor.storage.map(precision.rounded)
      rounded[key] = tensor
    }
    try inner.load(rounded)
  }

  func forward(training: Bool) throws {
    for (index, input) in inputs.enumerated() {
      try widen[index].run(input.output, into: wideInputs[index].output)
    }
    try inner.forward(training: training)
    try narrowOutput.run(wideOutput.output, into: output.output)
  }

  func backward(inputGradients: [DNNLMemory?]) throws {
    guard let outputGradient = output.gradient, let wideOutputGradient = wideOutput.gradient else {
      return
    }
    try widenOutput.run(outputGradient, into: wideOutputGradient)
    try inner.backward(
      inputGradients: inputGradients.indices.map {
        inputGradients[$0] == nil ? nil : wideInputs[$0].gradient
      })
    for (index, target) in inputGradients.enumerated() {
      guard let target, let wide = wideInputs[index].gradient else { continue }
      try narrow[index].run(wide, into: target)
    }
  }

  func gradients(into store: inout ParameterStore) throws { try inner.gradients(into: &store) }

  func updateStatistics(_ parameters: inout ParameterStore) { inner.updateStatistics(&parameters) }
}
