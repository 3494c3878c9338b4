import CTriscaleKernels

/// Which int8 kernels an ``Int8Executor`` runs.
public enum Int8KernelChoice: String, Sendable, CaseIterable {
  /// The fastest path for this CPU (AVX2 when present), chosen at run time.
  case automatic
  /// The portable C loops with im2col blocks, on every CPU.
  case portable
  /// Plain reference loops (tests: the baseline the fast kernels must match).
  case reference

  /// The path `automatic` takes on this CPU: "avx2" or "portable".
  public static var detectedPath: String {
    ts_active_kernel_path() == TS_KERNELS_AVX2 ? "avx2" : "portable"
  }

  var packingPath: ts_kernel_path {
    self == .automatic ? TS_KERNELS_AVX2 : TS_KERNELS_PORTABLE
  }
}
