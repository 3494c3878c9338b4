/* Int8 max and average pooling, TFLite's reference loops: one channel at a
 * time, the window innermost, padded positions skipped. */
#include "triscale_reference.h"

/* Both pools: one walk over each window gathering the maximum, the sum and
 * the count of its in-bounds inputs; `average` picks the result. */
static void pool(const ts_pool_params *params, const int8_t *input, int average, int8_t *output) {
  const int32_t channels = params->channels;
  int8_t *out = output;
  for (int32_t oy = 0; oy < params->output_height; ++oy) {
    for (int32_t ox = 0; ox < params->output_width; ++ox) {
      const ts_window w = ts_window_at(oy, ox, params->stride, params->pad_top, params->pad_left,
                                       params->size, params->input_height, params->input_width);
      for (int32_t c = 0; c < channels; ++c) {
        int32_t maximum = -128, sum = 0, count = 0;
        for (int32_t ky = w.ky0; ky < w.ky1; ++ky) {
          for (int32_t kx = w.kx0; kx < w.kx1; ++kx) {
            const int32_t x =
                input[((size_t)(w.y0 + ky) * params->input_width + w.x0 + kx) * channels + c];
            maximum = x > maximum ? x : maximum;
            sum += x;
            ++count;
          }
        }
        *out++ = (int8_t)ts_clamp(average ? ts_rounded_average(sum, count) : maximum,
                                  params->activation_min, params->activation_max);
      }
    }
  }
}

void ts_max_pool_s8_reference(const ts_pool_params *params, const int8_t *input, int8_t *output) {
  pool(params, input, 0, output);
}

void ts_average_pool_s8_reference(const ts_pool_params *params, const int8_t *input,
                                  int8_t *output) {
  pool(params, input, 1, output);
}
