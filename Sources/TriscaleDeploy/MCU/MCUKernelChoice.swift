import TriscaleInt8

/// Which C kernels a generated project calls for each prepared operation,
/// and what they need: the function, the source file it lives in, and its
/// scratch bytes (a buffer in the planned arena). Every set computes the same
/// bits; they differ in the instructions they run.
public enum MCUKernelChoice: String, CaseIterable, Codable, Sendable {
  /// `Sources/CTriscaleKernels/reference`: one plain loop per operation, no scratch.
  case reference

  /// `Sources/CTriscaleKernels/cortexm`: the convolution with the Cortex-M
  /// DSP extension's SIMD32 instructions (two MACs per SMLAD, as CMSIS-NN),
  /// the other operations as ``reference``; no scratch. For Cortex-M4, M7
  /// and M33 only.
  case cortexMDSP = "dsp"

  /// The header `model.c` includes.
  public var header: String {
    switch self {
    case .reference: "triscale_reference.h"
    case .cortexMDSP: "triscale_cortexm.h"
    }
  }

  /// Every header the kernels include, shipped beside them.
  var headers: [String] {
    switch self {
    case .reference: ["triscale_reference.h"]
    case .cortexMDSP: ["triscale_reference.h", "triscale_cortexm.h", "dsp_dot.h"]
    }
  }

  /// Whether `target` can run these kernels.
  public func runs(on target: MCUTarget) -> Bool {
    self == .reference || target != .host
  }

  /// The C function that runs `kernel` (`memcpy` for a copy).
  public func function(for kernel: Int8Kernel) -> String {
    switch (self, kernel) {
    case (.cortexMDSP, .convolution): "ts_conv2d_s8_dsp"
    case (_, .convolution): "ts_conv2d_s8_reference"
    case (_, .depthwiseConvolution): "ts_depthwise_conv2d_s8_reference"
    case (_, .fullyConnected): "ts_fully_connected_s8_reference"
    case (_, .add): "ts_add_s8_reference"
    case (_, .maxPool): "ts_max_pool_s8_reference"
    case (_, .averagePool): "ts_average_pool_s8_reference"
    case (_, .copy): "memcpy"
    }
  }

  /// The C function that computes a range of a convolution's output rows,
  /// for a convolution fused with the residual add that reads it.
  public var convolutionRowsFunction: String {
    switch self {
    case .reference: "ts_conv2d_s8_reference_rows"
    case .cortexMDSP: "ts_conv2d_s8_dsp_rows"
    }
  }

  /// The source files `kernel` needs besides the headers.
  public func sourceFiles(for kernel: Int8Kernel) -> [String] {
    let own: String? =
      switch (self, kernel) {
      case (.cortexMDSP, .convolution): "conv_dsp.c"
      case (_, .convolution): "conv.c"
      case (_, .depthwiseConvolution): "depthwise_conv.c"
      case (_, .fullyConnected): "fully_connected.c"
      case (_, .add): "add.c"
      case (_, .maxPool), (_, .averagePool): "pool.c"
      case (_, .copy): nil
      }
    return own.map { [$0, "requantize.c"] } ?? []
  }

  /// Bytes of scratch the kernel for `operation` asks for (none: the DSP
  /// convolution widens its operands in registers).
  public func scratchByteCount(for operation: Int8PreparedOperation) -> Int { 0 }

  /// The alignment of every buffer in the arena (int32 loads at most).
  public var alignment: Int { 4 }

  /// The files of `names` (plus the headers), as embedded at build time from
  /// the one source of truth, `Sources/CTriscaleKernels/reference` and `cortexm`.
  public func sources(named names: Set<String>) -> [(name: String, text: String)] {
    (names.sorted() + headers).compactMap { name in
      KernelSources.files[name].map { (name, $0) }
    }
  }
}
