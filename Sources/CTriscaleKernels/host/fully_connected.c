/* The host int8 fully connected layer: the input widened once, then the
 * dot-product kernels over packed weights; single rounding as TFLite's
 * reference FULLY_CONNECTED. */
#include "host_kernels.h"

size_t ts_fully_connected_scratch_bytes(const ts_fully_connected_params *params) {
  return (size_t)(params->features + 15) / 16 * 16 * sizeof(int16_t) +
         (size_t)params->units * sizeof(int32_t);
}

void ts_fully_connected_s8(const ts_fully_connected_params *params, const int8_t *input,
                           const ts_packed_weights *weights, const int32_t *bias,
                           void *scratch, int8_t *output) {
  int16_t *row = (int16_t *)scratch;
  int32_t *sums = (int32_t *)(row + weights->depth_padded);
  for (int32_t k = 0; k < weights->depth_padded; ++k) {
    row[k] = k < params->features ? (int16_t)((int32_t)input[k] + params->input_offset) : 0;
  }
  ts_dot_rows(row, 1, weights, sums);
  for (int32_t unit = 0; unit < params->units; ++unit) {
    output[unit] = ts_requantize_single_rounding(
        sums[unit] + (bias ? bias[unit] : 0), params->multiplier, params->shift,
        params->output_offset, params->activation_min, params->activation_max);
  }
}
