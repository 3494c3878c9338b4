/* Full int8 convolution, TFLite's reference loops. */
#include "triscale_reference.h"

void ts_conv2d_s8_reference(const ts_conv_params *params, const int8_t *input,
                            const int8_t *weights, const int32_t *bias,
                            const int32_t *multipliers, const int32_t *shifts, int8_t *output) {
  ts_conv2d_s8_reference_rows(params, input, weights, bias, multipliers, shifts, 0,
                              params->output_height, output);
}

void ts_conv2d_s8_reference_rows(const ts_conv_params *params, const int8_t *input,
                                 const int8_t *weights, const int32_t *bias,
                                 const int32_t *multipliers, const int32_t *shifts,
                                 int32_t row_begin, int32_t row_end, int8_t *output_rows) {
  const int32_t channels = params->input_channels, kernel = params->kernel;
  int8_t *out = output_rows;
  for (int32_t oy = row_begin; oy < row_end; ++oy) {
    for (int32_t ox = 0; ox < params->output_width; ++ox) {
      const ts_window w = ts_window_at(oy, ox, params->stride, params->pad_top, params->pad_left,
                                       kernel, params->input_height, params->input_width);
      for (int32_t oc = 0; oc < params->output_channels; ++oc) {
        int32_t sum = bias ? bias[oc] : 0;
        for (int32_t ky = w.ky0; ky < w.ky1; ++ky) {
          for (int32_t kx = w.kx0; kx < w.kx1; ++kx) {
            const int8_t *x =
                input + ((size_t)(w.y0 + ky) * params->input_width + w.x0 + kx) * channels;
            const int8_t *f = weights + (((size_t)oc * kernel + ky) * kernel + kx) * channels;
            for (int32_t ic = 0; ic < channels; ++ic) {
              sum += ((int32_t)x[ic] + params->input_offset) * (int32_t)f[ic];
            }
          }
        }
        *out++ = ts_requantize(sum, multipliers[oc], shifts[oc], params->output_offset,
                               params->activation_min, params->activation_max);
      }
    }
  }
}
