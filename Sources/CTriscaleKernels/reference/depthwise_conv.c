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
    for (int32_t ox = 0; ox < params->output_width; ++ox) {
      const ts_window w = ts_window_at(oy, ox, params->stride, params->pad_top, params->pad_left,
                                       kernel, params->input_height, params->input_width);
      for (int32_t c = 0; c < channels; ++c) {
        int32_t sum = bias ? bias[c] : 0;
        for (int32_t ky = w.ky0; ky < w.ky1; ++ky) {
          const int8_t *row = input + (size_t)(w.y0 + ky) * params->input_width * channels;
          for (int32_t kx = w.kx0; kx < w.kx1; ++kx) {
            sum += ((int32_t)row[(size_t)(w.x0 + kx) * channels + c] + params->input_offset) *
                   (int32_t)weights[((size_t)ky * kernel + kx) * channels + c];
          }
        }
        *out++ = ts_requantize(sum, multipliers[c], shifts[c], params->output_offset,
                               params->activation_min, params->activation_max);
      }
    }
  }
}
