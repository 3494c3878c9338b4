/* Depthwise int8 convolution (depth multiplier 1); the channel loop is
 * innermost so compilers vectorize it. */
#include "gemm.h"

#define TS_CHANNEL_CHUNK 64

void ts_depthwise_conv2d_s8(const ts_conv_params *params, const int8_t *input,
                            const int8_t *weights, const int32_t *bias,
                            const int32_t *multipliers, const int32_t *shifts, int8_t *output) {
  const int32_t channels = params->input_channels, kernel = params->kernel;
  int32_t sums[TS_CHANNEL_CHUNK];
  for (int32_t oy = 0; oy < params->output_height; ++oy) {
    for (int32_t ox = 0; ox < params->output_width; ++ox) {
      int8_t *out = output + ((size_t)oy * params->output_width + ox) * channels;
      for (int32_t first = 0; first < channels; first += TS_CHANNEL_CHUNK) {
        const int32_t count =
            channels - first < TS_CHANNEL_CHUNK ? channels - first : TS_CHANNEL_CHUNK;
        for (int32_t c = 0; c < count; ++c) sums[c] = bias ? bias[first + c] : 0;
        for (int32_t ky = 0; ky < kernel; ++ky) {
          const int32_t iy = oy * params->stride - params->pad_top + ky;
          if (iy < 0 || iy >= params->input_height) continue;
          for (int32_t kx = 0; kx < kernel; ++kx) {
            const int32_t ix = ox * params->stride - params->pad_left + kx;
            if (ix < 0 || ix >= params->input_width) continue;
            const int8_t *x = input + ((size_t)iy * params->input_width + ix) * channels + first;
            const int32_t tap = ky * kernel + kx;
            for (int32_t c = 0; c < count; ++c) {
              sums[c] += ((int32_t)x[c] + params->input_offset) *
                         (int32_t)weights[(size_t)(first + c) * kernel * kernel + tap];
            }
          }
        }
        for (int32_t c = 0; c < count; ++c) {
          out[first + c] =
              ts_requantize(sums[c], multipliers[first + c], shifts[first + c],
                            params->output_offset, params->activation_min, params->activation_max);
        }
      }
    }
  }
}
