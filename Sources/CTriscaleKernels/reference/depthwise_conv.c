/* Depthwise int8 convolution (depth multiplier 1), TFLite's reference loops:
 * one channel at a time, the window innermost. */
#include "triscale_reference.h"

void ts_depthwise_conv2d_s8_reference(const ts_conv_params *params, const int8_t *input,
                                      const int8_t *weights, const int32_t *bias,
                                      const int32_t *multipliers, const int32_t *shifts,
                                      int8_t *output) {
  const int32_t channels = params->input_channels, kernel = params->kernel;
  int8_t *out = output;
  for (int32_t oy = 0; oy < params->output_height; ++oy) {
    int32_t y0, ky0, ky1;
    ts_window(oy, params->stride, params->pad_top, kernel, params->input_height, &y0, &ky0, &ky1);
    for (int32_t ox = 0; ox < params->output_width; ++ox) {
      int32_t x0, kx0, kx1;
      ts_window(ox, params->stride, params->pad_left, kernel, params->input_width, &x0, &kx0,
                &kx1);
      for (int32_t c = 0; c < channels; ++c) {
        int32_t sum = bias ? bias[c] : 0;
        for (int32_t ky = ky0; ky < ky1; ++ky) {
          for (int32_t kx = kx0; kx < kx1; ++kx) {
            const int32_t x = input[((size_t)(y0 + ky) * params->input_width + x0 + kx) * channels + c];
            sum += (x + params->input_offset) * weights[((size_t)ky * kernel + kx) * channels + c];
          }
        }
        *out++ = ts_requantize(sum, multipliers[c], shifts[c], params->output_offset,
                               params->activation_min, params->activation_max);
      }
    }
  }
}
