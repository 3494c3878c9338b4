import CTriscaleKernels
import Testing
import TriscaleCore
import TriscaleGraph
import TriscaleInt8
import TriscaleTestSupport

/// Preparation as plain data: what a C code generator will print.
@Suite("Prepared operations")
struct PreparedOperationTests {
  @Test("preparing twice gives equal values; the executor runs exactly those")
  func preparationIsPureData() throws {
    let model = RandomInt8Model.make(seed: 4)
    let prepared = try Int8PreparedModel(model: model)
    #expect(try Int8PreparedModel(model: model) == prepared)
    #expect(try Int8Executor(model: model).prepared == prepared)
    #expect(prepared.operations.count == model.operations.count)
  }

  @Test("a depthwise convolution's weights are laid out [K][K][C] for its reference kernel")
  func depthwiseLayout() throws {
    var random = RandomOperation(seed: 7)
    let model = random.convolution(depthwise: true)
    guard case .convolution(let convolution) = model.operations[0] else {
      Issue.record("not a convolution")
      return
    }
    let operation = try Int8PreparedOperation(preparing: model.operations[0], in: model)
    guard case .depthwiseConvolution(let params) = operation.kernel else {
      Issue.record("prepared as \(operation.kernel)")
      return
    }
    let channels = Int(params.output_channels)
    let taps = convolution.kernel * convolution.kernel
    for channel in 0..<channels {
      for tap in 0..<taps {
        #expect(
          operation.weights[tap * channels + channel] == convolution.weights[channel * taps + tap])
      }
    }
    #expect(operation.multipliers.count == channels && operation.shifts.count == channels)
    #expect(operation.scratchByteCount == 0)
  }

  @Test("a convolution's multipliers reproduce input scale · weight scale / output scale")
  func convolutionRequantization() throws {
    var random = RandomOperation(seed: 8)
    let model = random.convolution(depthwise: false)
    guard case .convolution(let convolution) = model.operations[0] else { return }
    let operation = try Int8PreparedOperation(preparing: model.operations[0], in: model)
    for (channel, scale) in convolution.weightScales.enumerated() {
      let real =
        Double(model.input.quantization.scale) * Double(scale)
        / Double(model.output.quantization.scale)
      let fixed =
        Double(operation.multipliers[channel]) * pow2(Int(operation.shifts[channel]) - 31)
      #expect(abs(fixed - real) <= real * 1e-9)
    }
    #expect(operation.weights == convolution.weights, "OHWI, as the model stores them")
    #expect(operation.scratchByteCount > 0, "the host's im2col rows")
  }

  @Test("grouped convolutions are refused naming the layer")
  func groupedConvolution() {
    let quantization = QuantizationParameters(scale: 0.1, zeroPoint: 0)
    let model = Int8Model(
      name: "grouped",
      tensors: [
        .init(name: "in", shape: [2, 2, 4], quantization: quantization),
        .init(name: "grouped-conv", shape: [2, 2, 4], quantization: quantization),
      ],
      operations: [
        .convolution(
          Int8Convolution(
            input: 0, output: 1, kernel: 1, stride: 1, padding: .valid, groups: 2,
            activation: .none, weights: [Int8](repeating: 1, count: 8),
            weightScales: [1, 1, 1, 1], bias: [0, 0, 0, 0]))
      ])
    #expect {
      try Int8PreparedModel(model: model)
    } throws: { error in
      "\(error)".contains("grouped-conv") && "\(error)".contains("2 groups")
    }
  }

  private func pow2(_ exponent: Int) -> Double {
    exponent >= 0 ? Double(1 << exponent) : 1 / Double(1 << -exponent)
  }
}
