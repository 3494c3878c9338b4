import CTriscaleKernels
import Testing
import TriscaleCore
import TriscaleGraph
import TriscaleInt8
import TriscaleTestSupport

@Suite("Int8 runtime")
struct Int8ExecutorTests {
  @Test("VNNI, AVX2 and portable kernels match the reference loops bit for bit")
  func fastKernelsMatchReference() throws {
    for seed: UInt64 in [1, 2, 3] {
      let model = RandomInt8Model.make(seed: seed)
      let reference = try Int8Executor(model: model, kernels: .reference)
      let portable = try Int8Executor(model: model, kernels: .portable)
      let avx2 = try Int8Executor(model: model, kernels: .avx2)
      let automatic = try Int8Executor(model: model, kernels: .automatic)
      for input in RandomInt8Model.inputs(for: model, count: 20, seed: seed) {
        let expected = try reference.run(input)
        #expect(try portable.run(input) == expected)
        #expect(try avx2.run(input) == expected)
        #expect(try automatic.run(input) == expected)
        #expect(Set(expected).count > 1, "outputs should vary, not saturate")
      }
    }
  }

  /// Two residual blocks: a → b → c, add(a, c) (the convolution on the
  /// right), then sum → d → e (1×1), add(e, sum) (on the left).
  private static func residualModel(seed: UInt64) -> Int8Model {
    var random = SeededRandom(seed: seed)
    func quantization() -> QuantizationParameters {
      QuantizationParameters(
        scale: 0.02 + random.nextUniform() * 0.1,
        zeroPoint: Int32(random.nextInt(below: 256)) - 128)
    }
    var tensors = [
      Int8Model.TensorInfo(name: "in", shape: [7, 9, 8], quantization: quantization())
    ]
    func tensor(_ channels: Int) -> Int {
      tensors.append(
        .init(name: "t\(tensors.count)", shape: [7, 9, channels], quantization: quantization()))
      return tensors.count - 1
    }
    func convolution(_ input: Int, _ output: Int, kernel: Int, activation: FusedActivation)
      -> Int8Operation
    {
      let filters = tensors[output].shape[2]
      let depth = tensors[input].shape[2]
      return .convolution(
        Int8Convolution(
          input: input, output: output, kernel: kernel, stride: 1, padding: .same, groups: 1,
          activation: activation,
          weights: (0..<(filters * kernel * kernel * depth)).map { _ in
            Int8(random.nextInt(below: 255) - 127)
          },
          weightScales: (0..<filters).map { _ in 0.002 + random.nextUniform() * 0.01 },
          bias: (0..<filters).map { _ in Int32(random.nextInt(below: 4001)) - 2000 }))
    }
    let (a, b, c, sum, d, e) = (
      tensor(20), tensor(20), tensor(20), tensor(20), tensor(16), tensor(20)
    )
    let output = tensor(20)
    let operations: [Int8Operation] = [
      convolution(0, a, kernel: 3, activation: .relu),
      convolution(a, b, kernel: 3, activation: .none),
      convolution(b, c, kernel: 3, activation: .none),
      .add(left: a, right: c, output: sum, activation: .none),
      convolution(sum, d, kernel: 3, activation: .relu6),
      convolution(d, e, kernel: 1, activation: .none),
      .add(left: e, right: sum, output: output, activation: .relu),
    ]
    return Int8Model(name: "residual", tensors: tensors, operations: operations)
  }

  @Test("an add fused into the convolution before it computes what the two kernels compute")
  func fusedResidualAdds() throws {
    for seed: UInt64 in [1, 2, 3, 4] {
      let model = Self.residualModel(seed: seed)
      let reference = try Int8Executor(model: model, kernels: .reference)
      let automatic = try Int8Executor(model: model, kernels: .automatic)
      if Int8KernelChoice.detectedPath == "avx512-vnni" {
        #expect(automatic.fusions.map(\.add) == [3, 6])
      }
      #expect(reference.fusions.isEmpty)
      for input in RandomInt8Model.inputs(for: model, count: 10, seed: seed) {
        let expected = try reference.run(input)
        #expect(try automatic.run(input) == expected, "seed \(seed)")
        #expect(Set(expected).count > 1, "outputs should vary, not saturate")
      }
    }
  }

  @Test(
    "a convolution with a real multiplier of 1 and zero offsets is an exact integer convolution")
  func identityRequantization() throws {
    // 1x1 convolution, one channel, weight 1, scales chosen so input·weight/output = 1.
    let model = Int8Model(
      name: "identity",
      tensors: [
        .init(name: "in", shape: [2, 2, 1], quantization: .init(scale: 0.5, zeroPoint: 0)),
        .init(name: "out", shape: [2, 2, 1], quantization: .init(scale: 0.25, zeroPoint: 3)),
      ],
      operations: [
        .convolution(
          Int8Convolution(
            input: 0, output: 1, kernel: 1, stride: 1, padding: .valid, groups: 1,
            activation: .none, weights: [1], weightScales: [0.5], bias: [2]))
      ])
    let output = try Int8Executor(model: model).run([-10, 0, 7, 100])
    // q_out = (x + 2) · 1 + 3, saturated to 127.
    #expect(output == [-5, 5, 12, 105])
  }

  @Test("fixed-point multipliers reproduce the real multiplier")
  func quantizedMultiplier() {
    var random = SeededRandom(seed: 5)
    for _ in 0..<1000 {
      let real = Double(random.nextUniform()) * 2 + 1e-4
      var multiplier: Int32 = 0
      var shift: Int32 = 0
      ts_quantize_multiplier(real, &multiplier, &shift)
      let x = Int32(random.nextInt(below: 2_000_001)) - 1_000_000
      let result = ts_multiply_by_quantized_multiplier(x, multiplier, shift)
      #expect(abs(Double(result) - Double(x) * real) <= 1.0)
    }
  }

  @Test("the executor's arena holds every activation and scratch buffer without overlaps")
  func arenaPlanIsSound() throws {
    let model = RandomInt8Model.make(seed: 9)
    let executor = try Int8Executor(model: model)
    let plan = executor.memoryPlan
    #expect(plan.issues.isEmpty, "\(plan.issues)")
    let scratch = executor.prepared.scratchBuffers.compactMap { $0 }
    #expect(scratch.count == 5, "four full convolutions and one fully connected layer")
    #expect(plan.buffers.count == model.tensors.count + scratch.count)
    #expect(plan.arenaByteCount < plan.buffers.map(\.byteCount).reduce(0, +))
  }

  @Test("a wrong input size is refused with a clear error")
  func wrongInputSize() throws {
    let executor = try Int8Executor(model: RandomInt8Model.make(seed: 1))
    #expect(throws: TriscaleError.self) { try executor.run([1, 2, 3]) }
  }
}
