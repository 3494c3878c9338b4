/* Dot products of widened im2col rows with packed weights: portable loops,
 * and the AVX2 kernel (in gemm_avx2.c) when the CPU has it. */
#include "gemm.h"

static void dot_rows_portable(const int16_t *rows_a, int32_t pixels,
                              const ts_packed_weights *weights, int32_t *accumulators) {
  const int32_t depth = weights->depth_padded;
  for (int32_t p = 0; p < pixels; ++p) {
    const int16_t *a = rows_a + (size_t)p * depth;
    for (int32_t r = 0; r < weights->rows; ++r) {
      const int16_t *w = weights->weights + (size_t)r * depth;
      int32_t sum = 0;
      for (int32_t k = 0; k < depth; ++k) sum += (int32_t)a[k] * (int32_t)w[k];
      accumulators[p * weights->rows + r] = sum;
    }
  }
}

void ts_dot_rows(const int16_t *rows_a, int32_t pixels, const ts_packed_weights *weights,
                 int32_t *accumulators) {
#if defined(__x86_64__)
  if (weights->path == TS_KERNELS_AVX2) {
    ts_dot_rows_avx2(rows_a, pixels, weights, accumulators);
    return;
  }
#endif
  dot_rows_portable(rows_a, pixels, weights, accumulators);
}

size_t ts_packed_weights_bytes(int32_t rows, int32_t depth) {
  const int32_t padded = (depth + 15) / 16 * 16;
  return (size_t)rows * (size_t)padded * sizeof(int16_t);
}

void ts_pack_weights(const int8_t *weights, int32_t rows, int32_t depth, ts_kernel_path path,
                     void *memory, ts_packed_weights *packed) {
  packed->path = path == TS_KERNELS_AVX2 ? ts_active_kernel_path() : TS_KERNELS_PORTABLE;
  packed->rows = rows;
  packed->depth = depth;
  packed->depth_padded = (depth + 15) / 16 * 16;
  packed->weights = (int16_t *)memory;
  for (int32_t r = 0; r < rows; ++r) {
    int16_t *row = packed->weights + (size_t)r * packed->depth_padded;
    for (int32_t k = 0; k < packed->depth_padded; ++k) {
      row[k] = k < depth ? (int16_t)weights[(size_t)r * depth + k] : 0;
    }
  }
}
