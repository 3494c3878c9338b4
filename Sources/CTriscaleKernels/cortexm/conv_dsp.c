/* Full int8 convolution with the DSP extension: output pixels in pairs along
 * a row (when both windows cover the same columns), output channels in
 * pairs, each window row one contiguous dot product of (columns · channels)
 * values (NHWC input, OHWI weights). */
#include "dsp_dot.h"
#include "triscale_cortexm.h"

/* Writes output channels [oc, oc + 2) (one when oc is the last) of `pixels`
 * (1 or 2) output pixels at `out`, whose windows are `w` (the same columns
 * for both; the second pixel's input starts `step` bytes after the first's). */
static void conv_channel_pair(const ts_conv_params *params, const int8_t *input,
                              const int8_t *weights, const int32_t *bias,
                              const int32_t *multipliers, const int32_t *shifts, ts_window w,
                              int32_t step, int32_t pixels, int32_t oc, int8_t *out) {
  const int32_t channels = params->input_channels, kernel = params->kernel;
  const int32_t pair = oc + 1 < params->output_channels ? 2 : 1;
  const int32_t length = (w.kx1 - w.kx0) * channels;
  const int16x2_t offset_pair = ts_dsp_offset_pair(params->input_offset);
  int32_t sums[4];
  sums[0] = sums[2] = bias ? bias[oc] : 0;
  sums[1] = sums[3] = bias ? bias[oc + pair - 1] : 0;
  for (int32_t ky = w.ky0; ky < w.ky1; ++ky) {
    const int8_t *x = input + ((size_t)(w.y0 + ky) * params->input_width + w.x0 + w.kx0) * channels;
    const int8_t *f0 = weights + (((size_t)oc * kernel + ky) * kernel + w.kx0) * channels;
    const int8_t *f1 = f0 + (size_t)(pair - 1) * kernel * kernel * channels;
    ts_dsp_dot_2x2(x, x + step, f0, f1, length, params->input_offset, offset_pair, sums);
  }
  for (int32_t p = 0; p < pixels; ++p) {
    for (int32_t c = 0; c < pair; ++c) {
      out[(size_t)p * params->output_channels + oc + c] =
          ts_requantize(sums[2 * p + c], multipliers[oc + c], shifts[oc + c],
                        params->output_offset, params->activation_min, params->activation_max);
    }
  }
}

void ts_conv2d_s8_dsp(const ts_conv_params *params, const int8_t *input, const int8_t *weights,
                      const int32_t *bias, const int32_t *multipliers, const int32_t *shifts,
                      int8_t *output) {
  ts_conv2d_s8_dsp_rows(params, input, weights, bias, multipliers, shifts, 0,
                        params->output_height, output);
}

void ts_conv2d_s8_dsp_rows(const ts_conv_params *params, const int8_t *input,
                           const int8_t *weights, const int32_t *bias,
                           const int32_t *multipliers, const int32_t *shifts, int32_t row_begin,
                           int32_t row_end, int8_t *output_rows) {
  for (int32_t oy = row_begin; oy < row_end; ++oy) {
    int32_t pixels = 1;
    for (int32_t ox = 0; ox < params->output_width; ox += pixels) {
      const ts_window w = ts_window_at(oy, ox, params->stride, params->pad_top, params->pad_left,
                                       params->kernel, params->input_height, params->input_width);
      pixels = 1;
      if (ox + 1 < params->output_width) {
        const ts_window next =
            ts_window_at(oy, ox + 1, params->stride, params->pad_top, params->pad_left,
                         params->kernel, params->input_height, params->input_width);
        pixels = next.kx0 == w.kx0 && next.kx1 == w.kx1 ? 2 : 1;
      }
      const int32_t step = pixels == 2 ? params->stride * params->input_channels : 0;
      int8_t *out = output_rows + ((size_t)(oy - row_begin) * params->output_width + ox) *
                                      params->output_channels;
      for (int32_t oc = 0; oc < params->output_channels; oc += 2) {
        conv_channel_pair(params, input, weights, bias, multipliers, shifts, w, step, pixels, oc,
                          out);
      }
    }
  }
}
