import Testing
import TriscaleGraph

/// Residual adds written in place into their skip tensor: the planner's
/// in-place buffers on hand-worked lifetimes, the checker on hand-overs made
/// wrong on purpose, and the int8 model's fusable convolution → add pairs.
@Suite("Memory planner: residual adds in place")
struct ResidualFusionPlanTests {
  /// A residual block fused: x (the skip) feeds conv1 → y at step 1; at step
  /// 3 conv2 writes one 16-byte row at a time and the add sums it into x, so
  /// `sum` takes over x's bytes; `next` is read after.
  static let block = [
    MemoryBuffer(name: "x", byteCount: 64, firstUse: 0, lastUse: 3),
    MemoryBuffer(name: "y", byteCount: 64, firstUse: 1, lastUse: 3),
    MemoryBuffer(name: "row", byteCount: 16, firstUse: 3, lastUse: 3),
    MemoryBuffer(name: "sum", byteCount: 64, firstUse: 3, lastUse: 4, inPlaceOf: 0),
    MemoryBuffer(name: "next", byteCount: 32, firstUse: 4, lastUse: 5),
  ]

  @Test("an in-place buffer shares its owner's bytes; the peak counts them once")
  func inPlacePlan() {
    // x's bytes are held from step 0 to 4 (through sum). Largest first: x at
    // 0, y beside it at 64; next (alive with sum, not y) at 64; the row,
    // alive with x and y, at 128. Step 3 holds x, y and the row: 144 bytes.
    let plan = MemoryPlan(buffers: Self.block, alignment: 16)
    #expect(plan.offsets == [0, 64, 128, 0, 64])
    #expect(plan.arenaByteCount == 144)
    #expect(plan.issues.isEmpty)
    #expect((0...5).map(plan.liveByteCount(at:)) == [64, 128, 128, 144, 96, 32])
    // Without the link, sum needs bytes of its own at step 3: 208.
    var apart = Self.block
    apart[3].inPlaceOf = nil
    #expect(MemoryPlan(buffers: apart, alignment: 16).arenaByteCount == 208)
  }

  @Test("the checker accepts the hand-over and still finds real overlaps")
  func checker() {
    let offsets = [0, 64, 128, 0, 64]
    #expect(MemoryPlan(buffers: Self.block, offsets: offsets, alignment: 16).issues.isEmpty)
    // sum off x's bytes: misplaced, and no longer a hand-over, so it
    // overlaps x (and y) at step 3.
    let moved = MemoryPlan(buffers: Self.block, offsets: [0, 64, 128, 32, 96], alignment: 16)
    #expect(
      moved.issues == [
        .inPlaceMisplaced(buffer: 3), .overlap(first: 0, second: 3), .overlap(first: 1, second: 3),
      ])
    // x still read at step 4, after sum began writing over it at step 3.
    var late = Self.block
    late[0].lastUse = 4
    #expect(
      MemoryPlan(buffers: late, offsets: offsets, alignment: 16).issues == [
        .overlap(first: 0, second: 3)
      ])
    // The row put on x's bytes: an overlap like any other.
    let row = MemoryPlan(buffers: Self.block, offsets: [0, 64, 16, 0, 64], alignment: 16)
    #expect(row.issues == [.overlap(first: 0, second: 2), .overlap(first: 2, second: 3)])
  }

  /// in → conv1 → conv2, then add(conv2, in): 4×4×2 tensors of 32 bytes.
  static func residualModel(skip: Int = 0) -> Int8Model {
    let quantization = QuantizationParameters(scale: 0.1, zeroPoint: 0)
    func convolution(_ input: Int, _ output: Int) -> Int8Operation {
      .convolution(
        Int8Convolution(
          input: input, output: output, kernel: 1, stride: 1, padding: .valid, groups: 1,
          activation: .none, weights: [1, 0, 0, 1], weightScales: [1, 1], bias: [0, 0]))
    }
    return Int8Model(
      name: "residual",
      tensors: ["in", "conv1", "conv2", "sum"].map {
        .init(name: $0, shape: [4, 4, 2], quantization: quantization)
      },
      operations: [
        convolution(0, 1), convolution(1, 2),
        .add(left: 2, right: skip, output: 3, activation: .relu),
      ])
  }

  @Test("an int8 model's convolution → add pair runs fused: one row, the sum in place")
  func int8Model() {
    let model = Self.residualModel()
    let fusions = ResidualFusion.all(in: model)
    #expect(
      fusions == [
        ResidualFusion(convolution: 1, add: 2, skip: 0, rowCount: 4, rowByteCount: 8)
      ])
    let plan = MemoryPlan(model: model, fusing: fusions, alignment: 16)
    #expect(
      plan.buffers == [
        MemoryBuffer(name: "in", byteCount: 32, firstUse: 0, lastUse: 2),
        MemoryBuffer(name: "conv1", byteCount: 32, firstUse: 0, lastUse: 2),
        MemoryBuffer(name: "conv2 (one row)", byteCount: 8, firstUse: 2, lastUse: 2),
        MemoryBuffer(name: "sum", byteCount: 32, firstUse: 2, lastUse: 3, inPlaceOf: 0),
      ])
    // Step 2 holds in (then sum), conv1 and one row: 32 + 32 + 8 = 72,
    // against 96 unfused (in, conv1 and conv2 at step 1).
    #expect(plan.offsets == [0, 32, 64, 0])
    #expect(plan.arenaByteCount == 72)
    #expect(plan.issues.isEmpty)
    #expect(MemoryPlan(model: model, alignment: 16).arenaByteCount == 96)
  }

  @Test("no fusion where the sum would overwrite what is still read")
  func unfusable() {
    // The add's skip is conv1, which conv2 still reads row by row.
    #expect(ResidualFusion.all(in: Self.residualModel(skip: 1)).isEmpty)
    // conv1's output is read by conv2 and by the add: no row buffer for it.
    var shared = Self.residualModel()
    shared.operations[2] = .add(left: 1, right: 0, output: 3, activation: .none)
    #expect(ResidualFusion.all(in: shared).isEmpty)
  }

  @Test("an add of two fusable convolutions (a projection shortcut) fuses the later one")
  func projectionShortcut() {
    var model = Self.residualModel()
    // in → conv1 → conv2 and in → shortcut (written over "sum"'s slot as tensor 3), then the add.
    model.tensors.append(
      .init(name: "out", shape: [4, 4, 2], quantization: model.tensors[0].quantization))
    model.tensors[3].name = "shortcut"
    guard case .convolution(var shortcut) = model.operations[0] else { return }
    shortcut.output = 3
    model.operations[2] = .convolution(shortcut)
    model.operations.append(.add(left: 2, right: 3, output: 4, activation: .none))
    #expect(
      ResidualFusion.all(in: model) == [
        ResidualFusion(convolution: 2, add: 3, skip: 2, rowCount: 4, rowByteCount: 8)
      ])
  }
}
