/// One ``Int8Operation`` prepared once into plain data, as TensorFlow Lite
/// Micro's Prepare does: the reference kernel and its params struct, the
/// constant arrays it reads, and the operands. No pointers and no
/// machine-specific packing, so the host executor (which packs for x86 on
/// top) and a C code generator (which prints it as `const` arrays and a
/// call) start from the same value and agree bit for bit by construction.
public struct Int8PreparedOperation: Equatable, Sendable {
  /// The kernel and its parameters.
  public var kernel: Int8Kernel
  /// Tensor indices the operation reads (one; two for an add).
  public var inputs: [Int]
  /// The tensor index it writes.
  public var output: Int
  /// Weights in the reference kernel's layout: OHWI for a convolution,
  /// `[kernel][kernel][channels]` for a depthwise convolution,
  /// `[units][features]` for a fully connected layer; empty otherwise.
  public var weights: [Int8]
  /// One int32 bias per output channel or unit; empty when none.
  public var bias: [Int32]
  /// Per-channel requantization of a convolution: Q31 multipliers and
  /// power-of-two shifts (TFLite's `QuantizeMultiplier`); empty otherwise.
  public var multipliers: [Int32]
  /// The shift of each multiplier.
  public var shifts: [Int32]
  /// Bytes of scratch the host's fast kernel for this operation needs (the
  /// im2col rows); the reference kernels need none.
  public var scratchByteCount: Int

  /// An operation from its parts.
  public init(
    kernel: Int8Kernel, inputs: [Int], output: Int, weights: [Int8] = [], bias: [Int32] = [],
    multipliers: [Int32] = [], shifts: [Int32] = [], scratchByteCount: Int = 0
  ) {
    self.kernel = kernel
    self.inputs = inputs
    self.output = output
    self.weights = weights
    self.bias = bias
    self.multipliers = multipliers
    self.shifts = shifts
    self.scratchByteCount = scratchByteCount
  }
}
