/* The AVX-512 depthwise int8 convolution (depth multiplier 1): 16 channels
 * per vector, (x + offset)·w summed in int32 lanes over the window's
 * in-bounds positions (padded positions contribute nothing, as TFLite skips
 * them), requantized in registers. Bit-identical to the reference. */
#include "../host_kernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

#include "avx512_requantize.h"

/* Two blocks of 16 channels of one output pixel, or one when `two` is 0. */
TS_AVX512 TS_INLINE void pixel_channels(const ts_conv_params *params, const int8_t *input,
                                        const int8_t *weights, const int32_t *bias,
                                        const int32_t *multipliers, const int32_t *shifts,
                                        ts_window window, int32_t channel, int two,
                                        int8_t *out) {
  const int32_t channels = params->input_channels, kernel = params->kernel;
  const int32_t left = channels - channel;
  const __mmask16 first_mask = left >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << left) - 1);
  const __mmask16 second_mask =
      !two ? 0 : left >= 32 ? (__mmask16)0xFFFF : (__mmask16)((1u << (left - 16)) - 1);
  const __m512i offset = _mm512_set1_epi32(params->input_offset);
  __m512i acc0 = bias ? _mm512_maskz_loadu_epi32(first_mask, bias + channel) : _mm512_setzero_si512();
  __m512i acc1 =
      bias && two ? _mm512_maskz_loadu_epi32(second_mask, bias + channel + 16) : _mm512_setzero_si512();
  for (int32_t ky = window.ky0; ky < window.ky1; ++ky) {
    const int8_t *line = input + (size_t)(window.y0 + ky) * params->input_width * channels;
    for (int32_t kx = window.kx0; kx < window.kx1; ++kx) {
      const int8_t *x = line + (size_t)(window.x0 + kx) * channels + channel;
      const int8_t *w = weights + (size_t)(ky * kernel + kx) * channels + channel;
      acc0 = _mm512_add_epi32(
          acc0, _mm512_mullo_epi32(
                    _mm512_add_epi32(_mm512_cvtepi8_epi32(_mm_maskz_loadu_epi8(first_mask, x)),
                                     offset),
                    _mm512_cvtepi8_epi32(_mm_maskz_loadu_epi8(first_mask, w))));
      if (two) {
        acc1 = _mm512_add_epi32(
            acc1,
            _mm512_mullo_epi32(
                _mm512_add_epi32(_mm512_cvtepi8_epi32(_mm_maskz_loadu_epi8(second_mask, x + 16)),
                                 offset),
                _mm512_cvtepi8_epi32(_mm_maskz_loadu_epi8(second_mask, w + 16))));
      }
    }
  }
  const __m512i zero = _mm512_setzero_si512();
  for (int half = 0; half < (two ? 2 : 1); ++half) {
    const __mmask16 mask = half ? second_mask : first_mask;
    const int32_t at = channel + 16 * half;
    const __m512i shift = _mm512_maskz_loadu_epi32(mask, shifts + at);
    const __m512i value = offset_clamp16(
        multiply16(half ? acc1 : acc0, _mm512_maskz_loadu_epi32(mask, multipliers + at),
                   _mm512_max_epi32(shift, zero), _mm512_max_epi32(_mm512_sub_epi32(zero, shift), zero)),
        params->output_offset, params->activation_min, params->activation_max);
    _mm_mask_storeu_epi8(out + at, mask, _mm512_cvtepi32_epi8(value));
  }
}

TS_AVX512 void ts_depthwise_conv2d_s8_avx512(const ts_conv_params *params, const int8_t *input,
                                             const int8_t *weights, const int32_t *bias,
                                             const int32_t *multipliers, const int32_t *shifts,
                                             int8_t *output) {
  const int32_t channels = params->input_channels;
  int8_t *out = output;
  for (int32_t oy = 0; oy < params->output_height; ++oy) {
    for (int32_t ox = 0; ox < params->output_width; ++ox, out += channels) {
      const ts_window window =
          ts_window_at(oy, ox, params->stride, params->pad_top, params->pad_left, params->kernel,
                       params->input_height, params->input_width);
      int32_t channel = 0;
      for (; channel + 16 < channels; channel += 32) {
        pixel_channels(params, input, weights, bias, multipliers, shifts, window, channel, 1, out);
      }
      if (channel < channels) {
        pixel_channels(params, input, weights, bias, multipliers, shifts, window, channel, 0, out);
      }
    }
  }
}
#endif
