/* Dot products of widened im2col rows with packed weights: portable loops,
 * and the AVX2 kernel (in x86/avx2.c) when the CPU has it. */
#include "host_kernels.h"

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

static int32_t padding_for(ts_kernel_path path) { return path == TS_KERNELS_AVX512_VNNI ? 32 : 16; }

size_t ts_packed_weights_bytes(int32_t rows, int32_t depth, ts_kernel_path path) {
  path = ts_resolve_kernel_path(path);
  const int32_t unit = padding_for(path);
  const size_t padded = (size_t)((depth + unit - 1) / unit * unit);
  if (path == TS_KERNELS_AVX512_VNNI) {
    return (size_t)rows * padded + 64 + (size_t)rows * sizeof(int32_t);
  }
  return (size_t)rows * padded * sizeof(int16_t);
}

void ts_pack_weights(const int8_t *weights, int32_t rows, int32_t depth, ts_kernel_path path,
                     void *memory, ts_packed_weights *packed) {
  packed->path = ts_resolve_kernel_path(path);
  packed->rows = rows;
  packed->depth = depth;
  const int32_t unit = padding_for(packed->path);
  packed->depth_padded = (depth + unit - 1) / unit * unit;
  packed->weights = 0;
  packed->weights8 = 0;
  packed->row_sums = 0;
  if (packed->path == TS_KERNELS_AVX512_VNNI) {
    const size_t bytes = (size_t)rows * (size_t)packed->depth_padded;
    packed->weights8 = (int8_t *)memory;
    packed->row_sums = (int32_t *)((char *)memory + (bytes + 63) / 64 * 64);
    for (int32_t r = 0; r < rows; ++r) {
      int8_t *row = packed->weights8 + (size_t)r * packed->depth_padded;
      int32_t sum = 0;
      for (int32_t k = 0; k < packed->depth_padded; ++k) {
        row[k] = k < depth ? weights[(size_t)r * depth + k] : 0;
        sum += row[k];
      }
      packed->row_sums[r] = sum;
    }
    return;
  }
  packed->weights = (int16_t *)memory;
  for (int32_t r = 0; r < rows; ++r) {
    int16_t *row = packed->weights + (size_t)r * packed->depth_padded;
    for (int32_t k = 0; k < packed->depth_padded; ++k) {
      row[k] = k < depth ? (int16_t)weights[(size_t)r * depth + k] : 0;
    }
  }
}
