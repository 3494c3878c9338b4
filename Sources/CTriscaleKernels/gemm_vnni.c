/* The AVX-512 VNNI dot-product kernel (256-bit vectors, AVX512-VL): two
 * unsigned image rows against four signed weight rows per step, 32 u8·s8
 * products summed into int32 lanes per instruction (vpdpbusd), exact. */
#include "gemm.h"

#if defined(__x86_64__)
#include <immintrin.h>

#include "simd_sums.h"

#define TS_VNNI __attribute__((target("avx2,avx512f,avx512vl,avx512bw,avx512vnni")))

TS_VNNI static void block_2x4(const uint8_t *a0, const uint8_t *a1, int two, const int8_t *w,
                              int32_t depth, int32_t *out0, int32_t *out1) {
  __m256i s00 = _mm256_setzero_si256(), s01 = s00, s02 = s00, s03 = s00;
  __m256i s10 = s00, s11 = s00, s12 = s00, s13 = s00;
  const int8_t *w1 = w + depth, *w2 = w1 + depth, *w3 = w2 + depth;
  for (int32_t k = 0; k < depth; k += 32) {
    const __m256i x0 = _mm256_loadu_si256((const __m256i *)(a0 + k));
    const __m256i x1 = _mm256_loadu_si256((const __m256i *)(a1 + k));
    const __m256i v0 = _mm256_loadu_si256((const __m256i *)(w + k));
    const __m256i v1 = _mm256_loadu_si256((const __m256i *)(w1 + k));
    const __m256i v2 = _mm256_loadu_si256((const __m256i *)(w2 + k));
    const __m256i v3 = _mm256_loadu_si256((const __m256i *)(w3 + k));
    s00 = _mm256_dpbusd_epi32(s00, x0, v0);
    s01 = _mm256_dpbusd_epi32(s01, x0, v1);
    s02 = _mm256_dpbusd_epi32(s02, x0, v2);
    s03 = _mm256_dpbusd_epi32(s03, x0, v3);
    s10 = _mm256_dpbusd_epi32(s10, x1, v0);
    s11 = _mm256_dpbusd_epi32(s11, x1, v1);
    s12 = _mm256_dpbusd_epi32(s12, x1, v2);
    s13 = _mm256_dpbusd_epi32(s13, x1, v3);
  }
  _mm_storeu_si128((__m128i *)out0, ts_sum4(s00, s01, s02, s03));
  if (two) _mm_storeu_si128((__m128i *)out1, ts_sum4(s10, s11, s12, s13));
}

TS_VNNI static int32_t dot1(const uint8_t *a, const int8_t *w, int32_t depth) {
  __m256i sum = _mm256_setzero_si256();
  for (int32_t k = 0; k < depth; k += 32) {
    sum = _mm256_dpbusd_epi32(sum, _mm256_loadu_si256((const __m256i *)(a + k)),
                              _mm256_loadu_si256((const __m256i *)(w + k)));
  }
  return ts_sum1(sum);
}

TS_VNNI void ts_dot_rows_vnni(const uint8_t *rows_u8, int32_t pixels,
                              const ts_packed_weights *weights, int32_t *accumulators) {
  const int32_t depth = weights->depth_padded;
  const int32_t rows = weights->rows;
  for (int32_t p = 0; p < pixels; p += 2) {
    const int two = p + 1 < pixels;
    const uint8_t *a0 = rows_u8 + (size_t)p * depth;
    const uint8_t *a1 = two ? a0 + depth : a0;
    int32_t *out0 = accumulators + (size_t)p * rows;
    int32_t *out1 = out0 + rows;
    int32_t r = 0;
    for (; r + 4 <= rows; r += 4) {
      block_2x4(a0, a1, two, weights->weights8 + (size_t)r * depth, depth, out0 + r, out1 + r);
    }
    for (; r < rows; ++r) {
      const int8_t *w = weights->weights8 + (size_t)r * depth;
      out0[r] = dot1(a0, w, depth);
      if (two) out1[r] = dot1(a1, w, depth);
    }
  }
}
#endif
