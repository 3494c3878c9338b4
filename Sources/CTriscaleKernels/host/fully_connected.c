/* Int8 fully connected layer (per-tensor weights), requantized with one
 * rounding as TFLite's reference FULLY_CONNECTED does. */
#include "gemm.h"

static int8_t requantize_once(int32_t accumulator, const ts_fully_connected_params *params) {
  int32_t value = ts_multiply_by_quantized_multiplier_single_rounding(
                      accumulator, params->multiplier, params->shift) +
                  params->output_offset;
  value = value < params->activation_min ? params->activation_min : value;
  value = value > params->activation_max ? params->activation_max : value;
  return (int8_t)value;
}

void ts_fully_connected_s8_reference(const ts_fully_connected_params *params,
                                     const int8_t *input, const int8_t *weights,
                                     const int32_t *bias, int8_t *output) {
  for (int32_t unit = 0; unit < params->units; ++unit) {
    int32_t sum = 0;
    const int8_t *w = weights + (size_t)unit * params->features;
    for (int32_t k = 0; k < params->features; ++k) {
      sum += ((int32_t)input[k] + params->input_offset) * (int32_t)w[k];
    }
    if (bias) sum += bias[unit];
    output[unit] = requantize_once(sum, params);
  }
}

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
    output[unit] = requantize_once(sums[unit] + (bias ? bias[unit] : 0), params);
  }
}
