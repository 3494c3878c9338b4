import CTriscaleKernels
import TriscaleInt8

extension Int8Kernel {
  /// The C params struct this kernel takes and its fields in declaration
  /// order (`reference/triscale_reference.h`), for a designated initializer;
  /// `nil` for a copy, which takes none.
  var cInitializer: (type: String, fields: [(name: String, value: Int32)])? {
    switch self {
    case .convolution(let p), .depthwiseConvolution(let p):
      (
        "ts_conv_params",
        [
          ("input_height", p.input_height), ("input_width", p.input_width),
          ("input_channels", p.input_channels), ("output_height", p.output_height),
          ("output_width", p.output_width), ("output_channels", p.output_channels),
          ("kernel", p.kernel), ("stride", p.stride), ("pad_top", p.pad_top),
          ("pad_left", p.pad_left), ("input_offset", p.input_offset),
          ("output_offset", p.output_offset), ("activation_min", p.activation_min),
          ("activation_max", p.activation_max),
        ]
      )
    case .fullyConnected(let p):
      (
        "ts_fully_connected_params",
        [
          ("features", p.features), ("units", p.units), ("input_offset", p.input_offset),
          ("output_offset", p.output_offset), ("multiplier", p.multiplier), ("shift", p.shift),
          ("activation_min", p.activation_min), ("activation_max", p.activation_max),
        ]
      )
    case .add(let p, _):
      (
        "ts_add_params",
        [
          ("left_offset", p.left_offset), ("right_offset", p.right_offset),
          ("output_offset", p.output_offset), ("left_multiplier", p.left_multiplier),
          ("left_shift", p.left_shift), ("right_multiplier", p.right_multiplier),
          ("right_shift", p.right_shift), ("output_multiplier", p.output_multiplier),
          ("output_shift", p.output_shift), ("left_shift_bits", p.left_shift_bits),
          ("activation_min", p.activation_min), ("activation_max", p.activation_max),
        ]
      )
    case .maxPool(let p), .averagePool(let p):
      (
        "ts_pool_params",
        [
          ("input_height", p.input_height), ("input_width", p.input_width),
          ("channels", p.channels), ("output_height", p.output_height),
          ("output_width", p.output_width), ("size", p.size), ("stride", p.stride),
          ("pad_top", p.pad_top), ("pad_left", p.pad_left),
          ("activation_min", p.activation_min), ("activation_max", p.activation_max),
        ]
      )
    case .copy: nil
    }
  }

  /// Multiply-accumulates of one run (0 for adds, pools and copies).
  public var macCount: Int {
    switch self {
    case .convolution(let p):
      Int(p.output_height) * Int(p.output_width) * Int(p.output_channels) * Int(p.kernel)
        * Int(p.kernel) * Int(p.input_channels)
    case .depthwiseConvolution(let p):
      Int(p.output_height) * Int(p.output_width) * Int(p.output_channels) * Int(p.kernel)
        * Int(p.kernel)
    case .fullyConnected(let p): Int(p.features) * Int(p.units)
    case .add, .maxPool, .averagePool, .copy: 0
    }
  }

  /// A short description for the generated code's comments ("convolution 3×3 / 1, 16 → 32").
  var summary: String {
    switch self {
    case .convolution(let p):
      "convolution \(p.kernel)x\(p.kernel) stride \(p.stride), \(p.input_channels) -> \(p.output_channels) channels"
    case .depthwiseConvolution(let p):
      "depthwise convolution \(p.kernel)x\(p.kernel) stride \(p.stride), \(p.output_channels) channels"
    case .fullyConnected(let p): "fully connected, \(p.features) -> \(p.units)"
    case .add(_, let count): "add, \(count) elements"
    case .maxPool(let p): "max pool \(p.size)x\(p.size) stride \(p.stride)"
    case .averagePool(let p): "average pool \(p.size)x\(p.size) stride \(p.stride)"
    case .copy(let count): "reshape (copy of \(count) bytes)"
    }
  }
}
