/* Int8 max and average pooling, TFLite's reference loops: one channel at a
 * time, the window innermost, padded positions skipped. */
#include "triscale_reference.h"

void ts_max_pool_s8_reference(const ts_pool_params *params, const int8_t *input, int8_t *output) {
  const int32_t channels = params->channels;
  int8_t *out = output;
  for (int32_t oy = 0; oy < params->output_height; ++oy) {
    int32_t y0, ky0, ky1;
    ts_window(oy, params->stride, params->pad_top, params->size, params->input_height, &y0, &ky0,
              &ky1);
    for (int32_t ox = 0; ox < params->output_width; ++ox) {
      int32_t x0, kx0, kx1;
      ts_window(ox, params->stride, params->pad_left, params->size, params->input_width, &x0, &kx0,
                &kx1);
      for (int32_t c = 0; c < channels; ++c) {
        int32_t maximum = -128;
        for (int32_t ky = ky0; ky < ky1; ++ky) {
          for (int32_t kx = kx0; kx < kx1; ++kx) {
            const int32_t x =
                input[((size_t)(y0 + ky) * params->input_width + x0 + kx) * channels + c];
            maximum = x > maximum ? x : maximum;
          }
        }
        *out++ = (int8_t)ts_clamp(maximum, params->activation_min, params->activation_max);
      }
    }
  }
}

void ts_average_pool_s8_reference(const ts_pool_params *params, const int8_t *input,
                                  int8_t *output) {
  const int32_t channels = params->channels;
  int8_t *out = output;
  for (int32_t oy = 0; oy < params->output_height; ++oy) {
    int32_t y0, ky0, ky1;
    ts_window(oy, params->stride, params->pad_top, params->size, params->input_height, &y0, &ky0,
              &ky1);
    for (int32_t ox = 0; ox < params->output_width; ++ox) {
      int32_t x0, kx0, kx1;
      ts_window(ox, params->stride, params->pad_left, params->size, params->input_width, &x0, &kx0,
                &kx1);
      for (int32_t c = 0; c < channels; ++c) {
        int32_t sum = 0, count = 0;
        for (int32_t ky = ky0; ky < ky1; ++ky) {
          for (int32_t kx = kx0; kx < kx1; ++kx) {
            sum += input[((size_t)(y0 + ky) * params->input_width + x0 + kx) * channels + c];
            ++count;
          }
        }
        *out++ = (int8_t)ts_clamp(ts_rounded_average(sum, count), params->activation_min,
                                  params->activation_max);
      }
    }
  }
}
