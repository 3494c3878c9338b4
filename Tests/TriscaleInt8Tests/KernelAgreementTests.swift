import CTriscaleKernels
import Testing
import TriscaleGraph
import TriscaleInt8

/// Every int8 operation's host kernels against its own reference loop
/// (`reference/*.c`), bit for bit, on seeded random geometry: every fast
/// path this CPU has (AVX-512 VNNI where supported, AVX2, portable) and the
/// automatic choice.
@Suite("Host kernels equal their reference loops")
struct KernelAgreementTests {
  /// The kernel choices other than the reference.
  static let fastChoices = Int8KernelChoice.allCases.filter { $0 != .reference }

  /// The operations run through the executor, one model each.
  enum Operation: String, CaseIterable, CustomTestStringConvertible {
    case convolution, wideConvolution, depthwise, wideDepthwise, fullyConnected, maxPool
    case averagePool

    var testDescription: String { rawValue }

    /// A random one-operation model of this kind.
    func model(_ random: inout RandomOperation) -> Int8Model {
      switch self {
      case .convolution: random.convolution(depthwise: false)
      case .wideConvolution: random.convolution(depthwise: false, wide: true)
      case .depthwise: random.convolution(depthwise: true)
      case .wideDepthwise: random.convolution(depthwise: true, wide: true)
      case .fullyConnected: random.fullyConnected()
      case .maxPool: random.pool(average: false)
      case .averagePool: random.pool(average: true)
      }
    }
  }

  @Test(
    "convolution, depthwise, fully connected and pools on every fast path",
    arguments: Operation.allCases, 0..<40)
  func operation(_ operation: Operation, seed: Int) throws {
    var random = RandomOperation(
      seed: UInt64(seed * 8 + Operation.allCases.firstIndex(of: operation)!))
    let model = operation.model(&random)
    let reference = try Int8Executor(model: model, kernels: .reference)
    let fast = try Self.fastChoices.map { try Int8Executor(model: model, kernels: $0) }
    for _ in 0..<4 {
      let input = random.values(model.input.elementCount)
      let expected = try reference.run(input)
      for executor in fast {
        #expect(
          try executor.run(input) == expected,
          "\(executor.kernels) differs on input \(model.input.shape) → \(model.output.shape)")
      }
    }
  }

  @Test("add, every path, tails of 1 to 7 lanes included", arguments: 0..<40)
  func add(seed: Int) {
    var random = RandomOperation(seed: UInt64(5000 + seed))
    let (left, right, output) = (
      random.quantization(), random.quantization(), random.quantization()
    )
    var params = ts_add_params()
    ts_add_prepare(left.scale, right.scale, output.scale, &params)
    params.left_offset = -left.zeroPoint
    params.right_offset = -right.zeroPoint
    params.output_offset = output.zeroPoint
    let activation = [FusedActivation.none, .relu, .relu6][random.int(below: 3)]
    (params.activation_min, params.activation_max) = activation.bounds(for: output)
    let count = 1 + random.int(below: 100)
    let a = random.values(count)
    let b = random.values(count)
    var expected = [Int8](repeating: 0, count: count)
    ts_add_s8_reference(&params, Int32(count), a, b, &expected)
    for path in [TS_KERNELS_PORTABLE, TS_KERNELS_AVX2, TS_KERNELS_AVX512_VNNI] {
      var actual = [Int8](repeating: 0, count: count)
      ts_add_s8(path, &params, Int32(count), a, b, &actual)
      #expect(actual == expected, "path \(path.rawValue), \(count) elements")
    }
  }

  @Test("the fast paths this CPU supports are the ones exercised")
  func pathsAreDetected() {
    let detected = Int8KernelChoice.detectedPath
    #expect(["avx512-vnni", "avx2", "portable"].contains(detected))
    #expect((ts_supports_kernel_path(TS_KERNELS_AVX512_VNNI) != 0) == (detected == "avx512-vnni"))
  }
}
