/* AVX-512 requantization shared by the VNNI convolution and the AVX-512
 * depthwise convolution: TFLite's fixed-point arithmetic on 16 int32 lanes,
 * bit-identical to reference/requantize.c. x86-64 only. */
#ifndef TRISCALE_AVX512_REQUANTIZE_H
#define TRISCALE_AVX512_REQUANTIZE_H

#include <immintrin.h>
#include <stdint.h>

#define TS_AVX512 __attribute__((target("avx2,avx512f,avx512vl,avx512bw")))
#define TS_INLINE __attribute__((always_inline)) static inline

/* ts_multiply_by_quantized_multiplier on 16 lanes (see avx2.c for why
 * bits 31..62 of x·m + 2^30 are the rounding doubling high product). */
TS_AVX512 TS_INLINE __m512i multiply16(__m512i x, __m512i multiplier, __m512i left,
                                     __m512i right) {
  const __m512i shifted = _mm512_sllv_epi32(x, left);
  const __m512i half = _mm512_set1_epi64(1LL << 30);
  const __m512i even = _mm512_add_epi64(_mm512_mul_epi32(shifted, multiplier), half);
  const __m512i odd = _mm512_add_epi64(
      _mm512_mul_epi32(_mm512_srli_epi64(shifted, 32), _mm512_srli_epi64(multiplier, 32)), half);
  const __m512i product = _mm512_mask_blend_epi32(
      0xAAAA, _mm512_srli_epi64(even, 31), _mm512_slli_epi64(_mm512_srli_epi64(odd, 31), 32));
  /* Rounding divide by 2^right, ties away from zero. */
  const __m512i one = _mm512_set1_epi32(1);
  const __m512i mask = _mm512_sub_epi32(_mm512_sllv_epi32(one, right), one);
  const __m512i remainder = _mm512_and_si512(product, mask);
  const __m512i threshold =
      _mm512_sub_epi32(_mm512_srai_epi32(mask, 1), _mm512_srai_epi32(product, 31));
  const __mmask16 up = _mm512_cmpgt_epi32_mask(remainder, threshold);
  const __m512i value = _mm512_srav_epi32(product, right);
  return _mm512_mask_add_epi32(value, up, value, one);
}

/* value + offset, clamped to [low, high]. */
TS_AVX512 TS_INLINE __m512i offset_clamp16(__m512i value, int32_t offset, int32_t low,
                                         int32_t high) {
  return _mm512_min_epi32(
      _mm512_max_epi32(_mm512_add_epi32(value, _mm512_set1_epi32(offset)), _mm512_set1_epi32(low)),
      _mm512_set1_epi32(high));
}

/* A multiplier and shift as the vectors multiply16 takes. */
typedef struct {
  __m512i multiplier, left, right;
} scale16;

TS_AVX512 TS_INLINE scale16 broadcast_scale(int32_t multiplier, int32_t shift) {
  scale16 scale;
  scale.multiplier = _mm512_set1_epi32(multiplier);
  scale.left = _mm512_set1_epi32(shift > 0 ? shift : 0);
  scale.right = _mm512_set1_epi32(shift < 0 ? -shift : 0);
  return scale;
}

#endif
