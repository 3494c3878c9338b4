/* The AVX2 dot-product kernel: two image rows against four weight rows per
 * step, 16 int16 products per instruction (vpmaddwd), exact int32 sums. */
#include "../host_kernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

#include "simd_sums.h"


/* Rows r..r+3 against pixels p0 (and p1 when two is nonzero). */
TS_AVX2 static void block_2x4(const int16_t *a0, const int16_t *a1, int two, const int16_t *w,
                              int32_t depth, int32_t *out0, int32_t *out1) {
  __m256i s00 = _mm256_setzero_si256(), s01 = s00, s02 = s00, s03 = s00;
  __m256i s10 = s00, s11 = s00, s12 = s00, s13 = s00;
  const int16_t *w1 = w + depth, *w2 = w1 + depth, *w3 = w2 + depth;
  for (int32_t k = 0; k < depth; k += 16) {
    const __m256i x0 = _mm256_loadu_si256((const __m256i *)(a0 + k));
    const __m256i x1 = _mm256_loadu_si256((const __m256i *)(a1 + k));
    const __m256i v0 = _mm256_loadu_si256((const __m256i *)(w + k));
    const __m256i v1 = _mm256_loadu_si256((const __m256i *)(w1 + k));
    const __m256i v2 = _mm256_loadu_si256((const __m256i *)(w2 + k));
    const __m256i v3 = _mm256_loadu_si256((const __m256i *)(w3 + k));
    s00 = _mm256_add_epi32(s00, _mm256_madd_epi16(x0, v0));
    s01 = _mm256_add_epi32(s01, _mm256_madd_epi16(x0, v1));
    s02 = _mm256_add_epi32(s02, _mm256_madd_epi16(x0, v2));
    s03 = _mm256_add_epi32(s03, _mm256_madd_epi16(x0, v3));
    s10 = _mm256_add_epi32(s10, _mm256_madd_epi16(x1, v0));
    s11 = _mm256_add_epi32(s11, _mm256_madd_epi16(x1, v1));
    s12 = _mm256_add_epi32(s12, _mm256_madd_epi16(x1, v2));
    s13 = _mm256_add_epi32(s13, _mm256_madd_epi16(x1, v3));
  }
  _mm_storeu_si128((__m128i *)out0, ts_sum4(s00, s01, s02, s03));
  if (two) _mm_storeu_si128((__m128i *)out1, ts_sum4(s10, s11, s12, s13));
}

TS_AVX2 static int32_t dot1(const int16_t *a, const int16_t *w, int32_t depth) {
  __m256i sum = _mm256_setzero_si256();
  for (int32_t k = 0; k < depth; k += 16) {
    sum = _mm256_add_epi32(
        sum, _mm256_madd_epi16(_mm256_loadu_si256((const __m256i *)(a + k)),
                               _mm256_loadu_si256((const __m256i *)(w + k))));
  }
  return ts_sum1(sum);
}

TS_AVX2 void ts_dot_rows_avx2(const int16_t *rows_a, int32_t pixels,
                              const ts_packed_weights *weights, int32_t *accumulators) {
  const int32_t depth = weights->depth_padded;
  const int32_t rows = weights->rows;
  for (int32_t p = 0; p < pixels; p += 2) {
    const int two = p + 1 < pixels;
    const int16_t *a0 = rows_a + (size_t)p * depth;
    const int16_t *a1 = two ? a0 + depth : a0;
    int32_t *out0 = accumulators + (size_t)p * rows;
    int32_t *out1 = out0 + rows;
    int32_t r = 0;
    for (; r + 4 <= rows; r += 4) {
      block_2x4(a0, a1, two, weights->weights + (size_t)r * depth, depth, out0 + r, out1 + r);
    }
    for (; r < rows; ++r) {
      const int16_t *w = weights->weights + (size_t)r * depth;
      out0[r] = dot1(a0, w, depth);
      if (two) out1[r] = dot1(a1, w, depth);
    }
  }
}

/* Eight lanes of ts_multiply_by_quantized_multiplier. The rounding doubling
 * high multiply equals floor((x·m + 2^30) / 2^31) for every x and m ≥ 0, and
 * the quotient fits in 32 bits, so bits 31..62 of the 64-bit sum are the result. */
TS_AVX2 static inline __m256i multiply_by_quantized_multiplier8(__m256i x, __m256i multiplier,
                                                                __m256i shift) {
  const __m256i zero = _mm256_setzero_si256();
  const __m256i left = _mm256_max_epi32(shift, zero);
  const __m256i right = _mm256_max_epi32(_mm256_sub_epi32(zero, shift), zero);
  const __m256i shifted = _mm256_sllv_epi32(x, left);
  const __m256i half = _mm256_set1_epi64x(1LL << 30);
  const __m256i even = _mm256_add_epi64(_mm256_mul_epi32(shifted, multiplier), half);
  const __m256i odd = _mm256_add_epi64(
      _mm256_mul_epi32(_mm256_srli_epi64(shifted, 32), _mm256_srli_epi64(multiplier, 32)), half);
  /* even lanes: bits 31..62 → low dword; odd lanes: bits 31..62 → high dword. */
  const __m256i even_high = _mm256_srli_epi64(even, 31);
  const __m256i odd_high = _mm256_slli_epi64(_mm256_srli_epi64(odd, 31), 32);
  const __m256i high = _mm256_blend_epi32(even_high, odd_high, 0xAA);
  /* Rounding divide by 2^right, ties away from zero. */
  const __m256i one = _mm256_set1_epi32(1);
  const __m256i mask = _mm256_sub_epi32(_mm256_sllv_epi32(one, right), one);
  const __m256i remainder = _mm256_and_si256(high, mask);
  const __m256i negative = _mm256_cmpgt_epi32(zero, high); /* -1 where negative */
  const __m256i threshold = _mm256_sub_epi32(_mm256_srai_epi32(mask, 1), negative);
  const __m256i round_up = _mm256_cmpgt_epi32(remainder, threshold); /* -1 where up */
  return _mm256_sub_epi32(_mm256_srav_epi32(high, right), round_up);
}

TS_AVX2 void ts_requantize_row_avx2(const int32_t *accumulators, const int32_t *bias,
                                    int32_t count, const int32_t *multipliers,
                                    const int32_t *shifts, int32_t output_offset, int32_t minimum,
                                    int32_t maximum, int8_t *out) {
  const __m256i offset = _mm256_set1_epi32(output_offset);
  const __m256i low = _mm256_set1_epi32(minimum);
  const __m256i high = _mm256_set1_epi32(maximum);
  int32_t c = 0;
  for (; c + 8 <= count; c += 8) {
    __m256i x = _mm256_loadu_si256((const __m256i *)(accumulators + c));
    if (bias) x = _mm256_add_epi32(x, _mm256_loadu_si256((const __m256i *)(bias + c)));
    __m256i value = multiply_by_quantized_multiplier8(
        x, _mm256_loadu_si256((const __m256i *)(multipliers + c)),
        _mm256_loadu_si256((const __m256i *)(shifts + c)));
    value = _mm256_min_epi32(_mm256_max_epi32(_mm256_add_epi32(value, offset), low), high);
    const __m128i words = _mm_packs_epi32(_mm256_castsi256_si128(value),
                                          _mm256_extracti128_si256(value, 1));
    _mm_storel_epi64((__m128i *)(out + c), _mm_packs_epi16(words, words));
  }
  if (c < count) {
    /* The last 1..7 channels through the same 8 lanes, padded. */
    int32_t sums[8] = {0}, factors[8] = {0}, exponents[8] = {0};
    int8_t values[8];
    for (int32_t i = 0; c + i < count; ++i) {
      sums[i] = accumulators[c + i] + (bias ? bias[c + i] : 0);
      factors[i] = multipliers[c + i];
      exponents[i] = shifts[c + i];
    }
    __m256i value = multiply_by_quantized_multiplier8(
        _mm256_loadu_si256((const __m256i *)sums), _mm256_loadu_si256((const __m256i *)factors),
        _mm256_loadu_si256((const __m256i *)exponents));
    value = _mm256_min_epi32(_mm256_max_epi32(_mm256_add_epi32(value, offset), low), high);
    const __m128i words = _mm_packs_epi32(_mm256_castsi256_si128(value),
                                          _mm256_extracti128_si256(value, 1));
    _mm_storel_epi64((__m128i *)values, _mm_packs_epi16(words, words));
    for (int32_t i = 0; c + i < count; ++i) out[c + i] = values[i];
  }
}

TS_AVX2 void ts_add_s8_avx2(const ts_add_params *params, int32_t count, const int8_t *left,
                            const int8_t *right, int8_t *output) {
  const __m256i left_offset = _mm256_set1_epi32(params->left_offset);
  const __m256i right_offset = _mm256_set1_epi32(params->right_offset);
  const __m256i left_multiplier = _mm256_set1_epi32(params->left_multiplier);
  const __m256i left_shift = _mm256_set1_epi32(params->left_shift);
  const __m256i right_multiplier = _mm256_set1_epi32(params->right_multiplier);
  const __m256i right_shift = _mm256_set1_epi32(params->right_shift);
  const __m256i output_multiplier = _mm256_set1_epi32(params->output_multiplier);
  const __m256i output_shift = _mm256_set1_epi32(params->output_shift);
  const __m256i offset = _mm256_set1_epi32(params->output_offset);
  const __m256i low = _mm256_set1_epi32(params->activation_min);
  const __m256i high = _mm256_set1_epi32(params->activation_max);
  const __m128i headroom = _mm_cvtsi32_si128(params->left_shift_bits);
  int32_t i = 0;
  for (; i + 8 <= count; i += 8) {
    const __m256i a = _mm256_sll_epi32(
        _mm256_add_epi32(_mm256_cvtepi8_epi32(_mm_loadl_epi64((const __m128i *)(left + i))),
                         left_offset),
        headroom);
    const __m256i b = _mm256_sll_epi32(
        _mm256_add_epi32(_mm256_cvtepi8_epi32(_mm_loadl_epi64((const __m128i *)(right + i))),
                         right_offset),
        headroom);
    const __m256i sum =
        _mm256_add_epi32(multiply_by_quantized_multiplier8(a, left_multiplier, left_shift),
                         multiply_by_quantized_multiplier8(b, right_multiplier, right_shift));
    __m256i value = multiply_by_quantized_multiplier8(sum, output_multiplier, output_shift);
    value = _mm256_min_epi32(_mm256_max_epi32(_mm256_add_epi32(value, offset), low), high);
    const __m128i words = _mm_packs_epi32(_mm256_castsi256_si128(value),
                                          _mm256_extracti128_si256(value, 1));
    _mm_storel_epi64((__m128i *)(output + i), _mm_packs_epi16(words, words));
  }
  if (i < count) ts_add_s8_reference(params, count - i, left + i, right + i, output + i);
}

TS_AVX2 void ts_widen_with_offset_avx2(const int8_t *x, int32_t channels, int32_t offset,
                                       int16_t *out) {
  const __m256i add = _mm256_set1_epi16((int16_t)offset);
  int32_t c = 0;
  for (; c + 16 <= channels; c += 16) {
    const __m256i wide = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(x + c)));
    _mm256_storeu_si256((__m256i *)(out + c), _mm256_add_epi16(wide, add));
  }
  for (; c < channels; ++c) out[c] = (int16_t)((int32_t)x[c] + offset);
}
#endif
