import Testing
import TriscaleCore
import TriscaleGraph

/// The planner on hand-written lifetimes whose best arenas are worked out by
/// hand in each test, and the overlap checker on plans made wrong on purpose.
@Suite("Memory planner")
struct MemoryPlanTests {
  /// One set of lifetimes with its offsets and arena worked out by hand.
  struct Case: CustomTestStringConvertible, Sendable {
    var name: String
    var buffers: [MemoryBuffer]
    var alignment = 1
    var offsets: [Int]
    var arena: Int

    var testDescription: String { name }
  }

  static let cases: [Case] = [
    // Steps 1, 2, 3 hold a+b = 300, b+c = 250, c+d = 130 bytes: the arena is 300.
    Case(
      name: "a chain needs only its largest neighbouring pair",
      buffers: [
        buffer("a", 100, 0, 1), buffer("b", 200, 1, 2), buffer("c", 50, 2, 3),
        buffer("d", 80, 3, 4),
      ], offsets: [200, 0, 200, 0], arena: 300),
    // x feeds a conv (step 1) and the add (step 3); y → z is the branch.
    // Step 2 holds x, y and z: 64 + 128 + 128 = 320 bytes.
    Case(
      name: "a residual diamond keeps the skip input alive across the branch",
      buffers: [
        buffer("x", 64, 0, 3), buffer("y", 128, 1, 2), buffer("z", 128, 2, 3),
        buffer("out", 64, 3, 4),
      ], offsets: [256, 0, 128, 0], arena: 320),
    // f sits at 64..<96 all along; p (64 bytes) fits below it, q goes above.
    Case(
      name: "fixed offsets are honoured and the others fit around them",
      buffers: [buffer("f", 32, 0, 5, fixed: 64), buffer("p", 64, 0, 1), buffer("q", 48, 1, 2)],
      offsets: [64, 0, 96], arena: 144),
    // Step 1 holds a, b and b's scratch (100 + 100 + 40 = 240); step 2's
    // scratch (60) and c (30) fit where a was.
    Case(
      name: "scratch alive at one step fills a gap beside the activations",
      buffers: [
        buffer("a", 100, 0, 1), buffer("b", 100, 1, 2), buffer("scratch 1", 40, 1, 1),
        buffer("c", 30, 2, 3), buffer("scratch 2", 60, 2, 2),
      ], offsets: [0, 100, 200, 60, 0],
      arena: 240),
    // Three 10-byte buffers alive together at step 1: 0, 16, 32.
    Case(
      name: "offsets are rounded up to the alignment",
      buffers: [buffer("a", 10, 0, 1), buffer("b", 10, 1, 2), buffer("c", 10, 0, 2)],
      alignment: 16, offsets: [0, 16, 32], arena: 42),
  ]

  @Test("hand-worked lifetimes get their hand-worked offsets and arena", arguments: cases)
  func handWorked(_ example: Case) {
    let plan = MemoryPlan(buffers: example.buffers, alignment: example.alignment)
    #expect(plan.offsets == example.offsets)
    #expect(plan.arenaByteCount == example.arena)
    #expect(plan.issues.isEmpty)
  }

  @Test(
    "steps far apart (compressed) plan as the same order of steps close together",
    arguments: cases)
  func sparseSteps(_ example: Case) {
    let spread = example.buffers.map { buffer in
      var buffer = buffer
      buffer.firstUse = buffer.firstUse * 1_000_003 - 7
      buffer.lastUse = buffer.lastUse * 1_000_003 - 7
      return buffer
    }
    let plan = MemoryPlan(buffers: spread, alignment: example.alignment)
    #expect(plan.offsets == example.offsets)
    #expect(plan.issues.isEmpty)
  }

  @Test("the checker finds buffers alive together that share bytes, and nothing else")
  func checkerCatchesOverlap() {
    let buffers = [buffer("a", 100, 0, 1), buffer("b", 100, 1, 2), buffer("c", 100, 2, 3)]
    // a and c never live together, so sharing 0..<100 is fine; b overlaps both.
    let wrong = MemoryPlan(buffers: buffers, offsets: [0, 50, 0], alignment: 1)
    #expect(wrong.issues == [.overlap(first: 0, second: 1), .overlap(first: 1, second: 2)])
    let sound = MemoryPlan(buffers: buffers, offsets: [0, 100, 0], alignment: 1)
    #expect(sound.issues.isEmpty)
  }

  @Test("the checker finds misaligned, moved and negative offsets")
  func checkerCatchesPlacement() {
    let plan = MemoryPlan(
      buffers: [buffer("a", 16, 0, 0), buffer("b", 16, 1, 1, fixed: 32), buffer("c", 16, 2, 2)],
      offsets: [8, 0, -16], alignment: 16)
    #expect(
      plan.issues == [
        .misaligned(buffer: 0), .fixedOffsetMoved(buffer: 1), .negativeOffset(buffer: 2),
      ])
  }

  @Test("random lifetimes: sound, within the bounds of peak load and total size")
  func randomLifetimes() {
    var random = SeededRandom(seed: 11)
    for _ in 0..<50 {
      let buffers = (0..<(1 + random.nextInt(below: 20))).map { index in
        let first = random.nextInt(below: 10)
        return buffer(
          "b\(index)", 1 + random.nextInt(below: 500), first, first + random.nextInt(below: 5))
      }
      let plan = MemoryPlan(buffers: buffers, alignment: 8)
      #expect(plan.issues.isEmpty)
      let peak = (0..<15).map { step in
        buffers.filter { $0.firstUse <= step && step <= $0.lastUse }.map(\.byteCount).reduce(0, +)
      }.max()!
      let total = buffers.map { ($0.byteCount + 7) / 8 * 8 }.reduce(0, +)
      #expect(plan.arenaByteCount >= peak && plan.arenaByteCount <= total)
    }
  }

  @Test("the printout lists buffers by offset with their lifetimes, then the total")
  func printout() {
    let plan = MemoryPlan(
      buffers: [
        buffer("input", 64, 0, 3, fixed: 256), buffer("conv1", 128, 1, 2),
        buffer("conv2", 128, 2, 3),
      ], alignment: 16)
    #expect(
      plan.description == """
        buffer  offset  bytes  steps
        conv1        0    128  1...2
        conv2      128    128  2...3
        input      256     64  0...3 (fixed)
        arena: 320 bytes, 3 buffers, alignment 16
        """)
  }

  @Test("an int8 model's tensors live from writer to last reader; scratch for one step")
  func int8ModelAdapter() {
    let quantization = QuantizationParameters(scale: 0.1, zeroPoint: 0)
    let model = Int8Model(
      name: "residual",
      tensors: [
        .init(name: "in", shape: [4, 4, 2], quantization: quantization),
        .init(name: "conv", shape: [4, 4, 2], quantization: quantization),
        .init(name: "sum", shape: [4, 4, 2], quantization: quantization),
      ],
      operations: [
        .convolution(
          Int8Convolution(
            input: 0, output: 1, kernel: 1, stride: 1, padding: .valid, groups: 1,
            activation: .none, weights: [1, 0, 0, 1], weightScales: [1, 1], bias: [0, 0])),
        .add(left: 0, right: 1, output: 2, activation: .none),
      ])
    let plan = MemoryPlan(model: model, scratchByteCounts: [40, 0], alignment: 16)
    #expect(
      plan.buffers == [
        buffer("in", 32, 0, 1), buffer("conv", 32, 0, 1), buffer("sum", 32, 1, 2),
        buffer("scratch of conv", 40, 0, 0),
      ])
    // Step 0 holds in, conv and the scratch: 32 + 32 + 40 (aligned: 112).
    #expect(plan.offsets == [48, 80, 0, 0])
    #expect(plan.arenaByteCount == 112)
    #expect(MemoryPlan.scratchBuffers(in: model, scratchByteCounts: [40, 0]) == [3, nil])
  }

  @Test("a float graph is planned before quantizing, at the given bytes per element")
  func floatGraphAdapter() throws {
    var builder = GraphBuilder(name: "residual", inputShape: [2, 2, 2])
    try builder.append(.relu, name: "relu")
    try builder.append(.add, inputs: [0, 1], name: "sum")
    try builder.append(.globalAvgPool, name: "pool")
    // fp32: 32, 32, 32 and 8 bytes; step 2 holds the input, relu and sum.
    let plan = MemoryPlan(graph: builder.graph, bytesPerElement: 4)
    #expect(plan.buffers.map(\.byteCount) == [32, 32, 32, 8])
    #expect(plan.buffers.map(\.lastUse) == [2, 2, 3, 4])
    #expect(plan.offsets == [0, 32, 64, 0])
    #expect(plan.arenaByteCount == 96)
    #expect(MemoryPlan(graph: builder.graph, bytesPerElement: 1, batchSize: 2).arenaByteCount == 48)
  }
}

/// A buffer named `name` of `bytes` bytes alive at steps `first...last`.
private func buffer(
  _ name: String, _ bytes: Int, _ first: Int, _ last: Int, fixed: Int? = nil
) -> MemoryBuffer {
  MemoryBuffer(name: name, byteCount: bytes, firstUse: first, lastUse: last, fixedOffset: fixed)
}
