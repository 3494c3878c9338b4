import CTriscaleKernels
import TriscaleGraph

/// One ``Int8PreparedOperation`` bound for the host: its constants copied
/// into aligned storage, weights packed for the chosen x86 path, and its
/// operands and scratch resolved to addresses in the executor's arena.
struct Int8HostKernel {
  private enum Call {
    case convolution(ts_conv_params, packed: ts_packed_weights, weights: Constants)
    /// A convolution and the add its output feeds, in one pass.
    case convolutionAdd(
      ts_conv_params, packed: ts_packed_weights, weights: Constants, add: ts_add_params,
      convolutionIsLeft: Bool)
    case depthwise(ts_conv_params, weights: Constants)
    case fullyConnected(ts_fully_connected_params, packed: ts_packed_weights, weights: Constants)
    case add(ts_add_params, count: Int32)
    case maxPool(ts_pool_params)
    case averagePool(ts_pool_params)
    case copy(count: Int)
  }

  /// Aligned copies of an operation's constant arrays (null when empty).
  private struct Constants {
    var weights: UnsafeMutablePointer<Int8>?
    var bias: UnsafeMutablePointer<Int32>?
    var multipliers: UnsafeMutablePointer<Int32>?
    var shifts: UnsafeMutablePointer<Int32>?

    init(_ operation: Int8PreparedOperation, storage: Int8PreparedStorage) {
      weights = operation.weights.isEmpty ? nil : storage.copy(operation.weights)
      bias = operation.bias.isEmpty ? nil : storage.copy(operation.bias)
      multipliers = operation.multipliers.isEmpty ? nil : storage.copy(operation.multipliers)
      shifts = operation.shifts.isEmpty ? nil : storage.copy(operation.shifts)
    }
  }

  private var call: Call
  private let reference: Bool
  private let path: ts_kernel_path
  private let depthwisePath: ts_kernel_path
  private let source: UnsafeMutablePointer<Int8>
  private var second: UnsafeMutablePointer<Int8>
  private var destination: UnsafeMutablePointer<Int8>
  private let scratch: UnsafeMutableRawPointer?

  /// Binds `operation` to the arena at `arena` laid out by `plan`, with
  /// its scratch in buffer `scratchBuffer` of the plan.
  init(
    _ operation: Int8PreparedOperation, kernels: Int8KernelChoice, storage: Int8PreparedStorage,
    arena: UnsafeMutableRawPointer, plan: MemoryPlan, scratchBuffer: Int?
  ) {
    func tensor(_ index: Int) -> UnsafeMutablePointer<Int8> {
      (arena + plan.offsets[index]).assumingMemoryBound(to: Int8.self)
    }
    source = tensor(operation.inputs[0])
    second = tensor(operation.inputs.count > 1 ? operation.inputs[1] : operation.inputs[0])
    destination = tensor(operation.output)
    scratch = scratchBuffer.map { arena + plan.offsets[$0] }
    reference = kernels == .reference
    path = kernels.elementwisePath
    depthwisePath = kernels.convolutionPath
    let constants = Constants(operation, storage: storage)
    switch operation.kernel {
    case .convolution(let params):
      let (rows, window) = (params.output_channels, params.kernel * params.kernel)
      let memory = storage.allocate(
        ts_packed_conv_weights_bytes(rows, window, params.input_channels, kernels.convolutionPath),
        of: UInt8.self)
      var packed = ts_packed_weights()
      ts_pack_conv_weights(
        constants.weights!, rows, window, params.input_channels, kernels.convolutionPath, memory,
        &packed)
      call = .convolution(params, packed: packed, weights: constants)
    case .depthwiseConvolution(let params):
      call = .depthwise(params, weights: constants)
    case .fullyConnected(let params):
      let packed = Self.pack(
        constants.weights!, rows: Int(params.units), depth: Int(params.features),
        path: kernels.elementwisePath, storage: storage)
      call = .fullyConnected(params, packed: packed, weights: constants)
    case .add(let params, let count): call = .add(params, count: count)
    case .maxPool(let params): call = .maxPool(params)
    case .averagePool(let params): call = .averagePool(params)
    case .copy(let count): call = .copy(count: Int(count))
    }
  }

  /// This kernel, `convolution`'s, and `add`, the residual add that alone
  /// reads its output, as one pass (`ts_conv2d_add_s8`) that writes the
  /// add's output where `plan` puts it: a plan made with their
  /// ``ResidualFusion`` (the sum in place of the skip tensor, away from the
  /// scratch), on the VNNI path.
  func fused(
    with add: Int8PreparedOperation, convolution: Int8PreparedOperation,
    arena: UnsafeMutableRawPointer, plan: MemoryPlan
  ) -> Int8HostKernel {
    guard case .convolution(let params, let packed, let constants) = call,
      case .add(let addParams, _) = add.kernel, !reference,
      withUnsafePointer(to: packed, { ts_conv2d_add_supported($0) }) != 0,
      let side = add.inputs.firstIndex(of: convolution.output), add.inputs.count == 2
    else { preconditionFailure("only a VNNI convolution fuses, with an add of its output") }
    var kernel = self
    kernel.call = .convolutionAdd(
      params, packed: packed, weights: constants, add: addParams, convolutionIsLeft: side == 0)
    kernel.second = (arena + plan.offsets[add.inputs[1 - side]]).assumingMemoryBound(to: Int8.self)
    kernel.destination = (arena + plan.offsets[add.output]).assumingMemoryBound(to: Int8.self)
    return kernel
  }

  /// Runs the operation on the arena's tensors.
  func run() {
    switch call {
    case .convolution(var params, var packed, let c):
      if reference {
        ts_conv2d_s8_reference(
          &params, source, c.weights, c.bias, c.multipliers, c.shifts, destination)
      } else {
        ts_conv2d_s8(
          &params, source, &packed, c.bias, c.multipliers, c.shifts, scratch, destination)
      }
    case .convolutionAdd(var params, var packed, let c, var add, let convolutionIsLeft):
      ts_conv2d_add_s8(
        &params, source, &packed, c.bias, c.multipliers, c.shifts, scratch, &add, second,
        convolutionIsLeft ? 1 : 0, destination)
    case .depthwise(var params, let c):
      if reference {
        ts_depthwise_conv2d_s8_reference(
          &params, source, c.weights, c.bias, c.multipliers, c.shifts, destination)
      } else {
        ts_depthwise_conv2d_s8(
          depthwisePath, &params, source, c.weights, c.bias, c.multipliers, c.shifts, destination)
      }
    case .fullyConnected(var params, var packed, let c):
      if reference {
        ts_fully_connected_s8_reference(&params, source, c.weights, c.bias, destination)
      } else {
        ts_fully_connected_s8(&params, source, &packed, c.bias, scratch, destination)
      }
    case .add(var params, let count):
      if reference {
        ts_add_s8_reference(&params, count, source, second, destination)
      } else {
        ts_add_s8(path, &params, count, source, second, destination)
      }
    case .maxPool(var params):
      if reference {
        ts_max_pool_s8_reference(&params, source, destination)
      } else {
        ts_max_pool_s8(&params, source, destination)
      }
    case .averagePool(var params):
      if reference {
        ts_average_pool_s8_reference(&params, source, destination)
      } else {
        ts_average_pool_s8(&params, source, destination)
      }
    case .copy(let count):
      destination.update(from: source, count: count)
    }
  }

  private static func pack(
    _ weights: UnsafeMutablePointer<Int8>, rows: Int, depth: Int, path: ts_kernel_path,
    storage: Int8PreparedStorage
  ) -> ts_packed_weights {
    let bytes = ts_packed_weights_bytes(Int32(rows), Int32(depth), path)
    let memory = storage.allocate(bytes, of: UInt8.self)
    var packed = ts_packed_weights()
    ts_pack_weights(weights, Int32(rows), Int32(depth), path, memory, &packed)
    return packed
  }
}
