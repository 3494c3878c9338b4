import CTriscaleKernels
import TriscaleCore
import TriscaleGraph

/// Runs an ``Int8Model`` on the C int8 kernels, one image at a time (batch 1,
/// the latency that matters on edge devices).
///
/// Built from an ``Int8PreparedModel`` (requantization multipliers computed
/// as TensorFlow Lite computes them, so results are bit-identical to its
/// builtin kernels): ``init`` copies the constants, packs weights for the
/// chosen x86 path and allocates one arena laid out by a ``MemoryPlan`` —
/// activations and every operation's scratch: the prepared plan, or, where
/// the kernels run a convolution and the residual add that alone reads its
/// output as one pass (AVX-512 VNNI), a plan with those pairs fused
/// (``ResidualFusion``: the sum written in place over the skip tensor, the
/// convolution's output never stored).
/// ``run(input:output:)`` then allocates nothing. Not thread-safe: use one
/// executor per thread.
public final class Int8Executor {
  /// The model being executed.
  public var model: Int8Model { prepared.model }
  /// The prepared operations and arena plan it runs.
  public let prepared: Int8PreparedModel
  /// Where each activation and scratch buffer lives in the arena.
  public let memoryPlan: MemoryPlan
  /// The convolution → add pairs run as one pass.
  public let fusions: [ResidualFusion]
  /// The kernels in use.
  public let kernels: Int8KernelChoice
  /// Bytes of the prepared (packed, int16) weights, biases and multipliers.
  public let preparedByteCount: Int

  private let arena: UnsafeMutableRawPointer
  private let steps: [Int8HostKernel]
  private let storage: Int8PreparedStorage
  private let input: UnsafeMutableBufferPointer<Int8>
  private let output: UnsafeMutableBufferPointer<Int8>

  /// Binds `prepared` to the host for the given kernels.
  public init(prepared: Int8PreparedModel, kernels: Int8KernelChoice = .automatic) {
    self.prepared = prepared
    self.kernels = kernels
    let fuses = ts_resolve_kernel_path(kernels.convolutionPath) == TS_KERNELS_AVX512_VNNI
    fusions = fuses ? ResidualFusion.all(in: prepared.model) : []
    let plan =
      fusions.isEmpty
      ? prepared.memoryPlan
      : MemoryPlan(
        model: prepared.model, scratchByteCounts: prepared.operations.map(\.scratchByteCount),
        fusing: fusions, alignment: Int8PreparedModel.alignment)
    memoryPlan = plan
    let storage = Int8PreparedStorage()
    let arena = UnsafeMutableRawPointer.allocate(
      byteCount: max(plan.arenaByteCount, 1), alignment: 64)
    let kernelAt = { (index: Int) in
      Int8HostKernel(
        prepared.operations[index], kernels: kernels, storage: storage, arena: arena, plan: plan,
        scratchBuffer: prepared.scratchBuffers[index])
    }
    let fusedAt = Dictionary(uniqueKeysWithValues: fusions.map { ($0.add, $0.convolution) })
    let deferred = Set(fusions.map(\.convolution))
    steps = prepared.operations.indices.compactMap { index -> Int8HostKernel? in
      if deferred.contains(index) { return nil }
      guard let convolution = fusedAt[index] else { return kernelAt(index) }
      return kernelAt(convolution).fused(
        with: prepared.operations[index], convolution: prepared.operations[convolution],
        arena: arena, plan: plan)
    }
    self.arena = arena
    self.storage = storage
    preparedByteCount = storage.byteCount
    func tensor(_ index: Int) -> UnsafeMutableBufferPointer<Int8> {
      UnsafeMutableBufferPointer(
        start: (arena + plan.offsets[index]).assumingMemoryBound(to: Int8.self),
        count: prepared.model.tensors[index].elementCount)
    }
    input = tensor(0)
    output = tensor(prepared.model.tensors.count - 1)
  }

  /// Prepares `model` for the given kernels; throws when the model is
  /// inconsistent or uses an operation the kernels cannot run.
  public convenience init(model: Int8Model, kernels: Int8KernelChoice = .automatic) throws {
    self.init(prepared: try Int8PreparedModel(model: model), kernels: kernels)
  }

  deinit { arena.deallocate() }

  /// Runs one image: `input` holds the input tensor's elements (NHWC int8),
  /// `output` receives the output tensor's.
  public func run(input: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int8>) {
    self.input.baseAddress!.update(from: input, count: self.input.count)
    for step in steps { step.run() }
    output.update(from: self.output.baseAddress!, count: self.output.count)
  }

  /// Runs one image and returns the output tensor's elements.
  public func run(_ input: [Int8]) throws -> [Int8] {
    guard input.count == model.input.elementCount else {
      throw TriscaleError.invalidArgument(
        name: "input", problem: "\(input.count) values for an input of \(model.input.shape)",
        fix: "Pass one NHWC image of \(model.input.elementCount) int8 values")
    }
    var output = [Int8](repeating: 0, count: model.output.elementCount)
    input.withUnsafeBufferPointer { source in
      output.withUnsafeMutableBufferPointer {
        run(input: source.baseAddress!, output: $0.baseAddress!)
      }
    }
    return output
  }
}
