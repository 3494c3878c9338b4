import Testing
import TriscaleCore
import TriscaleGraph
import TriscaleTestSupport

/// Int8 models as a crafted file could hold them: scales that are zero or
/// not finite, zero points outside int8, attributes near `Int.max`, output
/// shapes that contradict the operation. Each is refused naming the tensor
/// and the field, and none traps.
@Suite("Int8 model validation")
struct Int8ModelValidationTests {
  private static let model = RandomInt8Model.make(seed: 5)

  private func expectRefusal(
    _ model: Int8Model, _ fragments: [String], sourceLocation: SourceLocation = #_sourceLocation
  ) {
    #expect(sourceLocation: sourceLocation) {
      try model.validate()
    } throws: { error in
      guard let error = error as? TriscaleError, case .invalidModel = error else { return false }
      let message = "\(error)"
      return fragments.allSatisfy(message.contains) && !message.contains("\n")
    }
  }

  /// The model with its first convolution (tensor 0 → 1) edited.
  private func withFirstConvolution(_ edit: (inout Int8Convolution) -> Void) -> Int8Model {
    var model = Self.model
    guard case .convolution(var convolution) = model.operations[0] else { return model }
    edit(&convolution)
    model.operations[0] = .convolution(convolution)
    return model
  }

  @Test func randomModelIsValid() throws {
    try Self.model.validate()
  }

  @Test(arguments: [Float(0), -0.5, .nan, .infinity])
  func scaleThatIsNotFinitePositiveIsRefused(scale: Float) {
    var model = Self.model
    model.tensors[2].quantization.scale = scale
    expectRefusal(model, ["at 't2'", "its scale \(scale) is not a finite positive number"])
  }

  @Test(arguments: [Int32.min, -129, 128, Int32.max])
  func zeroPointOutsideInt8IsRefused(zeroPoint: Int32) {
    var model = Self.model
    model.tensors[1].quantization.zeroPoint = zeroPoint
    expectRefusal(model, ["at 't1'", "its zero point \(zeroPoint) is outside [-128, 127]"])
  }

  @Test(arguments: [Float(0), -1, .nan])
  func weightScaleThatIsNotFinitePositiveIsRefused(scale: Float) {
    let model = withFirstConvolution { $0.weightScales[3] = scale }
    expectRefusal(model, ["at 't1'", "a weight scale \(scale) is not a finite positive number"])
  }

  @Test(arguments: [("kernel", Int.max), ("kernel", 0), ("stride", 0), ("stride", 1 << 40)])
  func convolutionAttributeOutOfRangeIsRefused(field: String, value: Int) {
    let model = withFirstConvolution { convolution in
      if field == "kernel" { convolution.kernel = value } else { convolution.stride = value }
    }
    expectRefusal(model, ["'t1'", "\(field) \(value) is outside 1...65536"])
  }

  @Test func convolutionWhoseOutputShapeContradictsItsAttributesIsRefused() {
    let model = withFirstConvolution { $0.stride = 2 }
    expectRefusal(model, ["at 't1'", "its shape is [9, 11, 17]", "give [5, 6, 17]"])
  }

  @Test func convolutionWithTooFewWeightsIsRefused() {
    let model = withFirstConvolution { $0.weights.removeLast() }
    expectRefusal(model, ["at 't1'", "weights", "its shapes need 459"])
  }

  @Test(arguments: [
    ([Int.max], "its shape [\(Int.max)] needs extents of at least 1"),
    ([0], "its shape [0] needs extents of at least 1"), ([3, 3], "[3, 3] is neither a vector nor"),
    ([1 << 20, 1 << 20, 1], "its shape height 1048576 is outside 1...65536"),
  ])
  func tensorShapeOutOfRangeIsRefused(shape: [Int], fragment: String) {
    var model = Self.model
    model.tensors[model.tensors.count - 2].shape = shape
    expectRefusal(model, [fragment])
  }

  @Test func fullyConnectedOutputOfTheWrongWidthIsRefused() {
    var model = Self.model
    model.tensors[model.tensors.count - 1].shape = [11]
    expectRefusal(model, ["its shape is [11]", "give [10]"])
  }

  @Test func poolWithAnOversizeWindowIsRefused() {
    var model = Self.model
    guard
      let index = model.operations.firstIndex(where: {
        if case .maxPool = $0 { true } else { false }
      }), case .maxPool(let input, let output, _) = model.operations[index]
    else { return }
    model.operations[index] = .maxPool(
      input: input, output: output, attributes: PoolAttributes(size: Int.max, stride: 1))
    expectRefusal(model, ["size \(Int.max) is outside 1...65536"])
  }

  @Test func operandThatDoesNotExistIsRefused() {
    var model = Self.model
    model.operations[1] = .add(left: 1, right: Int.max, output: 2, activation: .none)
    expectRefusal(model, ["reads tensor \(Int.max) before it is written"])
  }

  @Test func relu6BoundsStayInsideInt8ForATinyScale() {
    let bounds = FusedActivation.relu6.bounds(
      for: QuantizationParameters(scale: .leastNonzeroMagnitude, zeroPoint: -3))
    #expect(bounds.minimum == -3)
    #expect(bounds.maximum == 127)
  }
}
