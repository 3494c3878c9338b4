import CTriscaleKernels
import TriscaleCore
import TriscaleGraph

/// Runs an ``Int8Model`` on the C int8 kernels, one image at a time (batch 1,
/// the latency that matters on edge devices).
///
/// Everything is prepared in ``init``: requantization multipliers (computed
/// as TensorFlow Lite computes them, so results are bit-identical to its
/// builtin kernels), packed weights, one activation arena laid out by an
/// ``Int8MemoryPlan``, and one scratch buffer shared by all operations.
/// ``run(input:output:)`` then allocates nothing. Not thread-safe: use one
/// executor per thread.
public final class Int8Executor {
  /// The model being executed.
  public let model: Int8Model
  /// Where each activation lives in the arena.
  public let memoryPlan: Int8MemoryPlan
  /// The kernels in use.
  public let kernels: Int8KernelChoice
  /// Bytes of the scratch buffer (im2col rows of the largest convolution).
  public let scratchByteCount: Int
  /// Bytes of the prepared (packed, int16) weights, biases and multipliers.
  public let preparedByteCount: Int

  private let arena: UnsafeMutableRawPointer
  private let scratch: UnsafeMutableRawPointer
  private let steps: [Int8Step]
  private let storage: Int8PreparedStorage

  /// Prepares `model` for the given kernels; throws when the model is inconsistent.
  public init(model: Int8Model, kernels: Int8KernelChoice = .automatic) throws {
    try model.validate()
    self.model = model
    self.kernels = kernels
    memoryPlan = Int8MemoryPlan(model: model)
    let storage = Int8PreparedStorage()
    var scratchBytes = 0
    steps = try model.operations.map { operation in
      let step = try Int8Step(
        operation: operation, model: model, kernels: kernels, storage: storage)
      scratchBytes = max(scratchBytes, step.scratchByteCount)
      return step
    }
    self.storage = storage
    scratchByteCount = scratchBytes
    preparedByteCount = storage.byteCount
    arena = .allocate(byteCount: max(memoryPlan.arenaByteCount, 1), alignment: 64)
    scratch = .allocate(byteCount: max(scratchBytes, 1), alignment: 64)
  }

  deinit {
    arena.deallocate()
    scratch.deallocate()
  }

  /// Runs one image: `input` holds the input tensor's elements (NHWC int8),
  /// `output` receives the output tensor's.
  public func run(input: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int8>) {
    let inputTensor = tensor(0)
    inputTensor.update(from: input, count: memoryPlan.sizes[0])
    for step in steps { step.run(arena: arena, offsets: memoryPlan.offsets, scratch: scratch) }
    let last = memoryPlan.sizes.count - 1
    output.update(from: tensor(last), count: memoryPlan.sizes[last])
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

  private func tensor(_ index: Int) -> UnsafeMutablePointer<Int8> {
    (arena + memoryPlan.offsets[index]).assumingMemoryBound(to: Int8.self)
  }
}
