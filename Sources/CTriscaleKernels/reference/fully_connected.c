/* Int8 fully connected layer, TFLite's reference loops (single rounding). */
#include "triscale_reference.h"

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
    output[unit] = ts_requantize_single_rounding(sum, params->multiplier, params->shift,
                                                 params->output_offset, params->activation_min,
                                                 params->activation_max);
  }
}
