import CTriscaleKernels

/// Which reference kernel an ``Int8PreparedOperation`` calls, with that
/// kernel's params struct exactly as the C reference kernels take it
/// (`reference/triscale_reference.h`): every shape, stride, padding, zero
/// point, scalar multiplier and activation clamp, and nothing that depends
/// on the machine. A C generator prints the struct's fields as they are.
public enum Int8Kernel: Equatable, Sendable {
  /// `ts_conv2d_s8_reference`: a full convolution.
  case convolution(ts_conv_params)
  /// `ts_depthwise_conv2d_s8_reference`: a depthwise convolution (depth multiplier 1).
  case depthwiseConvolution(ts_conv_params)
  /// `ts_fully_connected_s8_reference`.
  case fullyConnected(ts_fully_connected_params)
  /// `ts_add_s8_reference` over `count` elements.
  case add(ts_add_params, count: Int32)
  /// `ts_max_pool_s8_reference`.
  case maxPool(ts_pool_params)
  /// `ts_average_pool_s8_reference`.
  case averagePool(ts_pool_params)
  /// A copy of `count` bytes (a reshape; a generator may alias it instead).
  case copy(count: Int32)
}
