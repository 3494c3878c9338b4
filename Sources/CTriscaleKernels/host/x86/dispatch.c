/* Run-time detection of the SIMD kernels. */
#include "triscale_kernels.h"

static int detect(ts_kernel_path path) {
  switch (path) {
    case TS_KERNELS_PORTABLE:
      return 1;
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
    case TS_KERNELS_AVX2:
      __builtin_cpu_init();
      return __builtin_cpu_supports("avx2");
    case TS_KERNELS_AVX512_VNNI:
      __builtin_cpu_init();
      return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("avx512f") &&
             __builtin_cpu_supports("avx512vnni") &&
             __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw");
#endif
    default:
      return 0;
  }
}

int ts_supports_kernel_path(ts_kernel_path path) {
  static int known[3] = {-1, -1, -1};
  if ((int)path < 0 || (int)path > 2) return 0;
  if (known[path] < 0) known[path] = detect(path);
  return known[path];
}

ts_kernel_path ts_resolve_kernel_path(ts_kernel_path requested) {
  if (requested == TS_KERNELS_AVX512_VNNI && !ts_supports_kernel_path(TS_KERNELS_AVX512_VNNI)) {
    requested = TS_KERNELS_AVX2;
  }
  if (requested == TS_KERNELS_AVX2 && !ts_supports_kernel_path(TS_KERNELS_AVX2)) {
    requested = TS_KERNELS_PORTABLE;
  }
  return requested;
}

ts_kernel_path ts_active_kernel_path(void) {
  static int best = -1;
  if (best < 0) best = (int)ts_resolve_kernel_path(TS_KERNELS_AVX512_VNNI);
  return (ts_kernel_path)best;
}
