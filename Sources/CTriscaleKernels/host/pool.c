/* Int8 max and average pooling over NHWC windows. */
#include "gemm.h"

static int32_t clamp(int32_t value, int32_t minimum, int32_t maximum) {
  return value < minimum ? minimum : (value > maximum ? maximum : value);
}

void ts_max_pool_s8(const ts_pool_params *params, const int8_t *input, int8_t *output) {
  const int32_t channels = params->channels;
  for (int32_t oy = 0; oy < params->output_height; ++oy) {
    for (int32_t ox = 0; ox < params->output_width; ++ox) {
      int8_t *out = output + ((size_t)oy * params->output_width + ox) * channels;
      for (int32_t c = 0; c < channels; ++c) out[c] = -128;
      for (int32_t ky = 0; ky < params->size; ++ky) {
        const int32_t iy = oy * params->stride - params->pad_top + ky;
        if (iy < 0 || iy >= params->input_height) continue;
        for (int32_t kx = 0; kx < params->size; ++kx) {
          const int32_t ix = ox * params->stride - params->pad_left + kx;
          if (ix < 0 || ix >= params->input_width) continue;
          const int8_t *x = input + ((size_t)iy * params->input_width + ix) * channels;
          for (int32_t c = 0; c < channels; ++c) out[c] = x[c] > out[c] ? x[c] : out[c];
        }
      }
      for (int32_t c = 0; c < channels; ++c) {
        out[c] = (int8_t)clamp(out[c], params->activation_min, params->activation_max);
      }
    }
  }
}

void ts_average_pool_s8(const ts_pool_params *params, const int8_t *input, int8_t *output) {
  const int32_t channels = params->channels;
  for (int32_t oy = 0; oy < params->output_height; ++oy) {
    for (int32_t ox = 0; ox < params->output_width; ++ox) {
      int8_t *out = output + ((size_t)oy * params->output_width + ox) * channels;
      for (int32_t c = 0; c < channels; ++c) {
        int32_t sum = 0, count = 0;
        for (int32_t ky = 0; ky < params->size; ++ky) {
          const int32_t iy = oy * params->stride - params->pad_top + ky;
          if (iy < 0 || iy >= params->input_height) continue;
          for (int32_t kx = 0; kx < params->size; ++kx) {
            const int32_t ix = ox * params->stride - params->pad_left + kx;
            if (ix < 0 || ix >= params->input_width) continue;
            sum += input[((size_t)iy * params->input_width + ix) * channels + c];
            ++count;
          }
        }
        const int32_t average =
            count == 0 ? 0 : (sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count);
        out[c] = (int8_t)clamp(average, params->activation_min, params->activation_max);
      }
    }
  }
}
