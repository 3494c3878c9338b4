/* The host depthwise int8 convolution (depth multiplier 1): weights are
 * [K][K][C], so the channel loop is innermost and contiguous and compilers
 * vectorize it; on the AVX-512 VNNI path (a CPU with AVX-512) the AVX-512
 * kernel in x86/avx512_depthwise.c. */
#include "host_kernels.h"

#define TS_CHANNEL_CHUNK 64

#if defined(__x86_64__) && defined(__clang__)
/* Compiled twice, for AVX2 and for the baseline; the loader picks one (ifunc). */
__attribute__((target_clones("avx2", "default")))
#endif
void ts_depthwise_conv2d_s8(ts_kernel_path path, const ts_conv_params *params, const int8_t *input,
                            const int8_t *weights, const int32_t *bias,
                            const int32_t *multipliers, const int32_t *shifts, int8_t *output) {
#if defined(__x86_64__)
  if (path == TS_KERNELS_AVX512_VNNI && ts_supports_kernel_path(TS_KERNELS_AVX512_VNNI)) {
    ts_depthwise_conv2d_s8_avx512(params, input, weights, bias, multipliers, shifts, output);
    return;
  }
#endif
  const int32_t channels = params->input_channels, kernel = params->kernel;
  int32_t sums[TS_CHANNEL_CHUNK];
  int8_t *out = output;
  for (int32_t oy = 0; oy < params->output_height; ++oy) {
    for (int32_t ox = 0; ox < params->output_width; ++ox, out += channels) {
      const ts_window window =
          ts_window_at(oy, ox, params->stride, params->pad_top, params->pad_left, kernel,
                       params->input_height, params->input_width);
      for (int32_t first = 0; first < channels; first += TS_CHANNEL_CHUNK) {
        const int32_t count =
            channels - first < TS_CHANNEL_CHUNK ? channels - first : TS_CHANNEL_CHUNK;
        for (int32_t c = 0; c < count; ++c) sums[c] = bias ? bias[first + c] : 0;
        for (int32_t ky = window.ky0; ky < window.ky1; ++ky) {
          const int8_t *line = input + (size_t)(window.y0 + ky) * params->input_width * channels;
          for (int32_t kx = window.kx0; kx < window.kx1; ++kx) {
            const int8_t *x = line + (size_t)(window.x0 + kx) * channels + first;
            const int32_t tap = ky * kernel + kx;
            const int8_t *w = weights + (size_t)tap * channels + first;
            for (int32_t c = 0; c < count; ++c) {
              sums[c] += ((int32_t)x[c] + params->input_offset) * (int32_t)w[c];
            }
          }
        }
#if defined(__x86_64__)
        if (path != TS_KERNELS_PORTABLE && ts_supports_kernel_path(TS_KERNELS_AVX2)) {
          ts_requantize_row_avx2(sums, 0, count, multipliers + first, shifts + first,
                                 params->output_offset, params->activation_min,
                                 params->activation_max, out + first);
          continue;
        }
#endif
        for (int32_t c = 0; c < count; ++c) {
          out[first + c] =
              ts_requantize(sums[c], multipliers[first + c], shifts[first + c],
                            params->output_offset, params->activation_min, params->activation_max);
        }
      }
    }
  }
}
