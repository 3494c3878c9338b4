/* The host add: the AVX2 lanes where requested and supported, else the
 * reference loop. */
#include "host_kernels.h"

void ts_add_s8(ts_kernel_path path, const ts_add_params *params, int32_t count,
               const int8_t *left, const int8_t *right, int8_t *output) {
#if defined(__x86_64__)
  if (count >= 8 && path != TS_KERNELS_PORTABLE && ts_supports_kernel_path(TS_KERNELS_AVX2)) {
    ts_add_s8_avx2(params, count, left, right, output);
    return;
  }
#endif
  (void)path;
  ts_add_s8_reference(params, count, left, right, output);
}
