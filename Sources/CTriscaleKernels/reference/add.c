/* Int8 element-wise add with TFLite's requantization: both inputs are
 * rescaled to a common scale with 20 bits of headroom, summed, and
 * rescaled to the output. */
#include "triscale_reference.h"

void ts_add_prepare(float left_scale, float right_scale, float output_scale,
                    ts_add_params *params) {
  params->left_shift_bits = 20;
  const double twice_max = 2.0 * (double)(left_scale > right_scale ? left_scale : right_scale);
  ts_quantize_multiplier((double)left_scale / twice_max, &params->left_multiplier,
                         &params->left_shift);
  ts_quantize_multiplier((double)right_scale / twice_max, &params->right_multiplier,
                         &params->right_shift);
  ts_quantize_multiplier(
      twice_max / ((double)(1 << params->left_shift_bits) * (double)output_scale),
      &params->output_multiplier, &params->output_shift);
}

void ts_add_s8_reference(const ts_add_params *params, int32_t count, const int8_t *left,
                         const int8_t *right, int8_t *output) {
  for (int32_t i = 0; i < count; ++i) {
    const int32_t a = ((int32_t)left[i] + params->left_offset) * (1 << params->left_shift_bits);
    const int32_t b = ((int32_t)right[i] + params->right_offset) * (1 << params->left_shift_bits);
    const int32_t sum =
        ts_multiply_by_quantized_multiplier(a, params->left_multiplier, params->left_shift) +
        ts_multiply_by_quantized_multiplier(b, params->right_multiplier, params->right_shift);
    output[i] = ts_requantize(sum, params->output_multiplier, params->output_shift,
                              params->output_offset, params->activation_min,
                              params->activation_max);
  }
}
