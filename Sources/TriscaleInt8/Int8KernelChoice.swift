import CTriscaleKernels

/// Which int8 kernels an ``Int8Executor`` runs. Every choice gives
/// bit-identical results; they differ only in speed.
public enum Int8KernelChoice: String, Sendable, CaseIterable {
  /// The fastest path this CPU supports (AVX-512 VNNI, else AVX2, else
  /// portable), chosen at run time.
  case automatic
  /// The AVX2 kernels (int16 dot products), or portable on CPUs without AVX2.
  case avx2
  /// The portable C loops with im2col blocks, on every CPU (on x86-64 the
  /// compiler also builds them for AVX2, picked by the loader).
  case portable
  /// Plain reference loops (tests: the baseline the fast kernels must match).
  case reference

  /// The path `automatic` takes on this CPU: "avx512-vnni", "avx2" or "portable".
  public static var detectedPath: String { name(of: ts_active_kernel_path()) }

  /// The path this choice's convolutions take on this CPU.
  public var resolvedPath: String { Self.name(of: ts_resolve_kernel_path(convolutionPath)) }

  static func name(of path: ts_kernel_path) -> String {
    switch path {
    case TS_KERNELS_AVX512_VNNI: "avx512-vnni"
    case TS_KERNELS_AVX2: "avx2"
    default: "portable"
    }
  }

  /// The path convolution weights are packed for.
  var convolutionPath: ts_kernel_path {
    switch self {
    case .automatic: TS_KERNELS_AVX512_VNNI
    case .avx2: TS_KERNELS_AVX2
    case .portable, .reference: TS_KERNELS_PORTABLE
    }
  }

  /// The path of fully connected layers and adds (at most AVX2).
  var elementwisePath: ts_kernel_path {
    self == .automatic || self == .avx2 ? TS_KERNELS_AVX2 : TS_KERNELS_PORTABLE
  }
}
