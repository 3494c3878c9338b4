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


/* The row layout's path: VNNI is a convolution layout, so rows on a VNNI
 * CPU are packed for AVX2. */
static ts_kernel_path row_path(ts_kernel_path path) {
  path = ts_resolve_kernel_path(path);
  return path == TS_KERNELS_AVX512_VNNI ? TS_KERNELS_AVX2 : path;
}

size_t ts_packed_weights_bytes(int32_t rows, int32_t depth, ts_kernel_path path) {
  (void)path; /* the same int16 rows on every path */
  return (size_t)rows * (size_t)((depth + 15) / 16 * 16) * sizeof(int16_t);
}

void ts_pack_weights(const int8_t *weights, int32_t rows, int32_t depth, ts_kernel_path path,
                     void *memory, ts_packed_weights *packed) {
  packed->path = row_path(path);
  packed->rows = rows;
  packed->depth = depth;
  packed->depth_padded = (depth + 15) / 16 * 16;
  packed->weights8 = 0;
  packed->row_sums = 0;
  packed->weights = (int16_t *)memory;
  for (int32_t r = 0; r < rows; ++r) {
    int16_t *row = packed->weights + (size_t)r * packed->depth_padded;
    for (int32_t k = 0; k < packed->depth_padded; ++k) {
      row[k] = k < depth ? (int16_t)weights[(size_t)r * depth + k] : 0;
    }
  }
}

size_t ts_packed_conv_weights_bytes(int32_t rows, int32_t window, int32_t channels,
                                    ts_kernel_path path) {
#if defined(__x86_64__)
  if (ts_resolve_kernel_path(path) == TS_KERNELS_AVX512_VNNI) {
    return ts_packed_conv_weights_vnni_bytes(rows, window, channels);
  }
#endif
  return ts_packed_weights_bytes(rows, window * channels, path);
}

void ts_pack_conv_weights(const int8_t *weights, int32_t rows, int32_t window, int32_t channels,
                          ts_kernel_path path, void *memory, ts_packed_weights *packed) {
#if defined(__x86_64__)
  if (ts_resolve_kernel_path(path) == TS_KERNELS_AVX512_VNNI) {
    packed->path = TS_KERNELS_AVX512_VNNI;
    packed->rows = rows;
    packed->depth = window * channels;
    packed->weights = 0;
    ts_pack_conv_weights_vnni(weights, rows, window, channels, memory, packed);
    return;
  }
#endif
  ts_pack_weights(weights, rows, window * channels, path, memory, packed);
}
