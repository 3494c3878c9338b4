/* Internal: horizontal sums of AVX2 int32 vectors, shared by the AVX2 and
 * VNNI kernels (a function compiled for AVX2 inlines into AVX-512 callers). */
#ifndef TRISCALE_SIMD_SUMS_H
#define TRISCALE_SIMD_SUMS_H

#if defined(__x86_64__)
#include <immintrin.h>

#define TS_AVX2 __attribute__((target("avx2")))

/* The four horizontal sums of a, b, c, d. */
TS_AVX2 static inline __m128i ts_sum4(__m256i a, __m256i b, __m256i c, __m256i d) {
  const __m256i ab = _mm256_hadd_epi32(a, b);
  const __m256i cd = _mm256_hadd_epi32(c, d);
  const __m256i abcd = _mm256_hadd_epi32(ab, cd);
  return _mm_add_epi32(_mm256_castsi256_si128(abcd), _mm256_extracti128_si256(abcd, 1));
}

/* The horizontal sum of a. */
TS_AVX2 static inline int32_t ts_sum1(__m256i a) {
  const __m128i half = _mm_add_epi32(_mm256_castsi256_si128(a), _mm256_extracti128_si256(a, 1));
  const __m128i quarter = _mm_add_epi32(half, _mm_shuffle_epi32(half, 0x4E));
  return _mm_cvtsi128_si32(_mm_add_epi32(quarter, _mm_shuffle_epi32(quarter, 0xB1)));
}
#endif

#endif
