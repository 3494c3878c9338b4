/* The AVX-512 VNNI dot-product kernel (256-bit vectors, AVX512-VL): two
 * unsigned image rows against four signed weight rows per step, 32 u8·s8
 * products summed into int32 lanes per instruction (vpdpbusd), exact. */
#include "../host_kernels.h"

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
/* Writes the input window of output pixel (oy, ox) as unsigned bytes
 * (x + 128; padding: the zero point + 128, which contributes nothing after
 * the offset correction) into row. */
TS_VNNI static void gather_window_u8(const ts_conv_params *params, const int8_t *input,
                                     int32_t oy, int32_t ox, int32_t depth_padded, uint8_t *row) {
  const int32_t channels = params->input_channels, kernel = params->kernel;
  const int32_t span = kernel * channels;
  const __m256i padding = _mm256_set1_epi8((char)(128 - params->input_offset));
  const __m256i flip = _mm256_set1_epi8((char)0x80);
  const int32_t ix0 = ox * params->stride - params->pad_left;
  const int inside_x = ix0 >= 0 && ix0 + kernel <= params->input_width;
  uint8_t *cursor = row;
  for (int32_t ky = 0; ky < kernel; ++ky, cursor += span) {
    const int32_t iy = oy * params->stride - params->pad_top + ky;
    const int inside_y = iy >= 0 && iy < params->input_height;
    const uint8_t *line =
        (const uint8_t *)input + (size_t)(inside_y ? iy : 0) * params->input_width * channels;
    if (!inside_y || inside_x) {
      /* A whole row of the window: padding, or one contiguous span of the input. */
      const uint8_t *x = line + (size_t)(inside_x ? ix0 : 0) * channels;
      for (int32_t i = 0; i < span; i += 32) {
        const __mmask32 mask = span - i >= 32 ? 0xFFFFFFFFu : ((1u << (span - i)) - 1);
        const __m256i value =
            inside_y ? _mm256_xor_si256(_mm256_maskz_loadu_epi8(mask, x + i), flip) : padding;
        _mm256_mask_storeu_epi8(cursor + i, mask, value);
      }
      continue;
    }
    for (int32_t kx = 0; kx < kernel; ++kx) {
      const int32_t ix = ix0 + kx;
      uint8_t *target = cursor + kx * channels;
      const int in = ix >= 0 && ix < params->input_width;
      for (int32_t i = 0; i < channels; i += 32) {
        const __mmask32 mask = channels - i >= 32 ? 0xFFFFFFFFu : ((1u << (channels - i)) - 1);
        const __m256i value =
            in ? _mm256_xor_si256(
                     _mm256_maskz_loadu_epi8(mask, line + (size_t)ix * channels + i), flip)
               : padding;
        _mm256_mask_storeu_epi8(target + i, mask, value);
      }
    }
  }
  for (int32_t i = kernel * span; i < depth_padded; ++i) row[i] = 0;
}

/* The VNNI convolution: Σ (x + offset)·w = Σ (x + 128)·w + (offset − 128)·Σ w. */
TS_VNNI void ts_conv2d_s8_vnni(const ts_conv_params *params, const int8_t *input,
                           const ts_packed_weights *weights, const int32_t *bias,
                           const int32_t *multipliers, const int32_t *shifts, void *scratch,
                           int8_t *output) {
  const int32_t depth_padded = weights->depth_padded;
  const int32_t out_channels = params->output_channels;
  uint8_t *rows = (uint8_t *)scratch;
  int32_t *sums = (int32_t *)(rows + (size_t)TS_PIXEL_BLOCK * depth_padded);
  /* Bias (with the offset correction), multipliers and shifts repeated for
   * every pixel of a block, so a block requantizes as one flat run. */
  const size_t block = (size_t)TS_PIXEL_BLOCK * out_channels;
  int32_t *block_bias = sums + block;
  int32_t *block_multipliers = block_bias + block;
  int32_t *block_shifts = block_multipliers + block;
  for (size_t i = 0; i < block; ++i) {
    const int32_t oc = (int32_t)(i % (size_t)out_channels);
    block_bias[i] =
        (bias ? bias[oc] : 0) + (params->input_offset - 128) * weights->row_sums[oc];
    block_multipliers[i] = multipliers[oc];
    block_shifts[i] = shifts[oc];
  }
  const int32_t pixels = params->output_height * params->output_width;
  for (int32_t first = 0; first < pixels; first += TS_PIXEL_BLOCK) {
    const int32_t count = pixels - first < TS_PIXEL_BLOCK ? pixels - first : TS_PIXEL_BLOCK;
    for (int32_t p = 0; p < count; ++p) {
      const int32_t pixel = first + p;
      gather_window_u8(params, input, pixel / params->output_width, pixel % params->output_width,
                       depth_padded, rows + (size_t)p * depth_padded);
    }
    ts_dot_rows_vnni(rows, count, weights, sums);
    ts_requantize_row_avx2(sums, block_bias, count * out_channels, block_multipliers,
                           block_shifts, params->output_offset, params->activation_min,
                           params->activation_max, output + (size_t)first * out_channels);
  }
}

#endif
