import CTriscaleKernels
import Testing
import TriscaleGraph
import TriscaleInt8

/// `ts_conv2d_s8_reference_rows` against the whole-tensor reference
/// convolution, bit for bit: any range of output rows is those rows of the
/// whole output, as the generator's fused residual loop relies on.
@Suite("Convolution by row ranges")
struct ConvolutionRowsTests {
  @Test("every row range equals those rows of the whole-tensor convolution", arguments: 0..<30)
  func rows(seed: Int) throws {
    var random = RandomOperation(seed: UInt64(7000 + seed))
    let model = random.convolution(depthwise: false)
    let operation = try Int8PreparedOperation(preparing: model.operations[0], in: model)
    guard case .convolution(var params) = operation.kernel else {
      Issue.record("prepared as \(operation.kernel)")
      return
    }
    let input = random.values(model.input.elementCount)
    let height = Int(params.output_height)
    let rowBytes = Int(params.output_width * params.output_channels)
    var whole = [Int8](repeating: 0, count: height * rowBytes)
    let bias = operation.bias.isEmpty ? nil : operation.bias
    ts_conv2d_s8_reference(
      &params, input, operation.weights, bias, operation.multipliers, operation.shifts, &whole)
    let begin = random.int(below: height)
    let end = begin + 1 + random.int(below: height - begin)
    var rows = [Int8](repeating: 0, count: (end - begin) * rowBytes)
    ts_conv2d_s8_reference_rows(
      &params, input, operation.weights, bias, operation.multipliers, operation.shifts,
      Int32(begin), Int32(end), &rows)
    #expect(rows == Array(whole[(begin * rowBytes)..<(end * rowBytes)]), "rows \(begin)..<\(end)")
    var oneByOne = [Int8]()
    for row in 0..<height {
      var buffer = [Int8](repeating: 0, count: rowBytes)
      ts_conv2d_s8_reference_rows(
        &params, input, operation.weights, bias, operation.multipliers, operation.shifts,
        Int32(row), Int32(row + 1), &buffer)
      oneByOne += buffer
    }
    #expect(oneByOne == whole, "one row at a time")
  }
}
