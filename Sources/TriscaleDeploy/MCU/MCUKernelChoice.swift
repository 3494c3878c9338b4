import TriscaleInt8

/// Which C kernels a generated project calls for each prepared operation,
/// and what they need: the function, the source file it lives in, and its
/// scratch bytes (a buffer in the planned arena). Today only the package's
/// pure C99 reference kernels; a target-specific set (Cortex-M DSP paths)
/// is another case answering the same three questions.
public enum MCUKernelChoice: String, CaseIterable, Codable, Sendable {
  /// `Sources/CTriscaleKernels/reference`: one plain loop per operation, no scratch.
  case reference

  /// The header every kernel file includes.
  public var header: String { "triscale_reference.h" }

  /// The C function that runs `kernel` (`memcpy` for a copy).
  public func function(for kernel: Int8Kernel) -> String {
    switch kernel {
    case .convolution: "ts_conv2d_s8_reference"
    case .depthwiseConvolution: "ts_depthwise_conv2d_s8_reference"
    case .fullyConnected: "ts_fully_connected_s8_reference"
    case .add: "ts_add_s8_reference"
    case .maxPool: "ts_max_pool_s8_reference"
    case .averagePool: "ts_average_pool_s8_reference"
    case .copy: "memcpy"
    }
  }

  /// The source files `kernel` needs besides the header.
  public func sourceFiles(for kernel: Int8Kernel) -> [String] {
    let own: String? =
      switch kernel {
      case .convolution: "conv.c"
      case .depthwiseConvolution: "depthwise_conv.c"
      case .fullyConnected: "fully_connected.c"
      case .add: "add.c"
      case .maxPool, .averagePool: "pool.c"
      case .copy: nil
      }
    return own.map { [$0, "requantize.c"] } ?? []
  }

  /// Bytes of scratch the kernel for `operation` asks for (none for the reference loops).
  public func scratchByteCount(for operation: Int8PreparedOperation) -> Int { 0 }

  /// The alignment of every buffer in the arena (int32 loads at most).
  public var alignment: Int { 4 }

  /// The files of `names` (plus the header), as embedded at build time from
  /// the one source of truth, `Sources/CTriscaleKernels/reference`.
  public func sources(named names: Set<String>) -> [(name: String, text: String)] {
    (names.sorted() + [header]).compactMap { name in
      ReferenceKernelSources.files[name].map { (name, $0) }
    }
  }
}
