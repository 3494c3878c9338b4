/* Run-time detection of the AVX2 kernels. */
#include "triscale_kernels.h"

ts_kernel_path ts_active_kernel_path(void) {
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
  static int has_avx2 = -1;
  if (has_avx2 < 0) {
    __builtin_cpu_init();
    has_avx2 = __builtin_cpu_supports("avx2") ? 1 : 0;
  }
  if (has_avx2) return TS_KERNELS_AVX2;
#endif
  return TS_KERNELS_PORTABLE;
}
