/* Triscale int8 reference kernels: plain C99 loops following the TensorFlow
 * Lite int8 specification (per-channel symmetric weights, per-tensor
 * asymmetric activations, int32 bias, fixed-point requantization with
 * TFLite's rounding), one loop per operation.
 *
 * This folder (this header and the .c files beside it) is self-contained:
 * no x86 code, no intrinsics, no run-time dispatch. It is what ships to a
 * microcontroller, and the baseline every host kernel (include/
 * triscale_kernels.h) is tested against bit for bit. Activations are NHWC
 * for one image. Every kernel takes its geometry and quantization in one
 * params struct (prepared once, as TFLite Micro's Prepare does) and its
 * constants as arrays. */
#ifndef TRISCALE_REFERENCE_H
#define TRISCALE_REFERENCE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Fixed-point requantization (TFLite's QuantizeMultiplier and
 *      MultiplyByQuantizedMultiplier, double rounding). ---- */

/* Splits a positive real multiplier into a Q31 `multiplier` and a power-of-two
 * `shift` (positive: left) so that real ≈ multiplier · 2^(shift − 31). */
void ts_quantize_multiplier(double real, int32_t *multiplier, int32_t *shift);

/* round(x · multiplier · 2^(shift − 31)) with TFLite's double rounding
 * (rounding high multiply, then rounding right shift, ties away from zero);
 * what TFLite's reference CONV_2D, DEPTHWISE_CONV_2D and ADD use. */
int32_t ts_multiply_by_quantized_multiplier(int32_t x, int32_t multiplier, int32_t shift);

/* The same with one rounding, `(x · multiplier + 2^(30 − shift)) >> (31 − shift)`
 * in 64 bits (ties up); what TFLite's reference int8 FULLY_CONNECTED uses. */
int32_t ts_multiply_by_quantized_multiplier_single_rounding(int32_t x, int32_t multiplier,
                                                            int32_t shift);

/* `value` limited to [minimum, maximum]. */
static inline int32_t ts_clamp(int32_t value, int32_t minimum, int32_t maximum) {
  return value < minimum ? minimum : (value > maximum ? maximum : value);
}

/* The int8 value of one accumulator: requantized (double rounding), offset
 * by the output zero point and clamped to the activation range. */
static inline int8_t ts_requantize(int32_t accumulator, int32_t multiplier, int32_t shift,
                                   int32_t output_offset, int32_t minimum, int32_t maximum) {
  return (int8_t)ts_clamp(
      ts_multiply_by_quantized_multiplier(accumulator, multiplier, shift) + output_offset,
      minimum, maximum);
}

/* The same with single rounding (FULLY_CONNECTED). */
static inline int8_t ts_requantize_single_rounding(int32_t accumulator, int32_t multiplier,
                                                   int32_t shift, int32_t output_offset,
                                                   int32_t minimum, int32_t maximum) {
  return (int8_t)ts_clamp(
      ts_multiply_by_quantized_multiplier_single_rounding(accumulator, multiplier, shift) +
          output_offset,
      minimum, maximum);
}

/* sum / count rounded half away from zero (0 when count is 0), as TFLite's
 * AVERAGE_POOL_2D divides. */
static inline int32_t ts_rounded_average(int32_t sum, int32_t count) {
  return count == 0 ? 0 : (sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count);
}

/* The taps of a window that fall inside the input: output pixel (oy, ox)
 * reads input row `y0 + ky` for ky in [ky0, ky1) and column `x0 + kx` for kx
 * in [kx0, kx1) (y0 = oy · stride − pad_top); padded taps are skipped, as
 * TFLite's filter_start and filter_end do. A range is empty when the window
 * lies in the padding. */
typedef struct {
  int32_t y0, ky0, ky1;
  int32_t x0, kx0, kx1;
} ts_window;

/* The window of output pixel (oy, ox) for a `size` × `size` window. */
static inline ts_window ts_window_at(int32_t oy, int32_t ox, int32_t stride, int32_t pad_top,
                                     int32_t pad_left, int32_t size, int32_t input_height,
                                     int32_t input_width) {
  ts_window window;
  window.y0 = oy * stride - pad_top;
  window.ky0 = window.y0 < 0 ? -window.y0 : 0;
  window.ky1 = input_height - window.y0 < size ? input_height - window.y0 : size;
  window.x0 = ox * stride - pad_left;
  window.kx0 = window.x0 < 0 ? -window.x0 : 0;
  window.kx1 = input_width - window.x0 < size ? input_width - window.x0 : size;
  return window;
}

/* ---- Convolution (CONV_2D, DEPTHWISE_CONV_2D) ---- */

/* Geometry and quantization of one convolution (full or depthwise). */
typedef struct {
  int32_t input_height, input_width, input_channels;
  int32_t output_height, output_width, output_channels;
  int32_t kernel, stride;
  int32_t pad_top, pad_left; /* padding before the first row / column */
  int32_t input_offset;      /* −(input zero point) */
  int32_t output_offset;     /* output zero point */
  int32_t activation_min, activation_max;
} ts_conv_params;

/* Full convolution: weights OHWI int8 ([output_channels][kernel][kernel]
 * [input_channels]), one bias, multiplier and shift per output channel
 * (`bias` may be null). Padded positions contribute nothing (TFLite skips them). */
void ts_conv2d_s8_reference(const ts_conv_params *params, const int8_t *input,
                            const int8_t *weights, const int32_t *bias,
                            const int32_t *multipliers, const int32_t *shifts, int8_t *output);

/* Output rows [row_begin, row_end) of the same convolution, written one after
 * another to `output_rows` ((row_end − row_begin) · output_width ·
 * output_channels bytes): bit for bit the rows the whole-tensor call writes
 * there, so a consumer can take a convolution's output a row at a time
 * through a small buffer (a residual add written in place into its skip
 * tensor) without the whole output ever existing. */
void ts_conv2d_s8_reference_rows(const ts_conv_params *params, const int8_t *input,
                                 const int8_t *weights, const int32_t *bias,
                                 const int32_t *multipliers, const int32_t *shifts,
                                 int32_t row_begin, int32_t row_end, int8_t *output_rows);

/* Depthwise convolution, depth multiplier 1: weights [kernel][kernel][channels]
 * (TFLite's [1, K, K, C] order), one bias, multiplier and shift per channel. */
void ts_depthwise_conv2d_s8_reference(const ts_conv_params *params, const int8_t *input,
                                      const int8_t *weights, const int32_t *bias,
                                      const int32_t *multipliers, const int32_t *shifts,
                                      int8_t *output);

/* ---- Fully connected (FULLY_CONNECTED, per-tensor weights) ---- */

/* Quantization of a fully connected layer. */
typedef struct {
  int32_t features, units;
  int32_t input_offset, output_offset;
  int32_t multiplier, shift;
  int32_t activation_min, activation_max;
} ts_fully_connected_params;

/* Weights [units][features], requantized with single rounding. */
void ts_fully_connected_s8_reference(const ts_fully_connected_params *params,
                                     const int8_t *input, const int8_t *weights,
                                     const int32_t *bias, int8_t *output);

/* ---- Element-wise add (ADD) ---- */

/* Quantization of an add; `ts_add_prepare` derives the multipliers. */
typedef struct {
  int32_t left_offset, right_offset, output_offset; /* −zp, −zp, +zp */
  int32_t left_multiplier, left_shift;
  int32_t right_multiplier, right_shift;
  int32_t output_multiplier, output_shift;
  int32_t left_shift_bits; /* 20 for int8 */
  int32_t activation_min, activation_max;
} ts_add_params;

/* Derives the add's multipliers from the three scales as TFLite does: both
 * inputs rescaled to twice the larger scale with 20 bits of headroom. */
void ts_add_prepare(float left_scale, float right_scale, float output_scale,
                    ts_add_params *params);

/* output[i] = left[i] + right[i] for i < count, requantized. */
void ts_add_s8_reference(const ts_add_params *params, int32_t count, const int8_t *left,
                         const int8_t *right, int8_t *output);

/* ---- Pooling (MAX_POOL_2D, AVERAGE_POOL_2D; output quantization equals
 *      the input's) ---- */

/* Geometry of a pooling window. */
typedef struct {
  int32_t input_height, input_width, channels;
  int32_t output_height, output_width;
  int32_t size, stride, pad_top, pad_left;
  int32_t activation_min, activation_max;
} ts_pool_params;

/* The maximum over the window's in-bounds positions, clamped. */
void ts_max_pool_s8_reference(const ts_pool_params *params, const int8_t *input, int8_t *output);

/* The average over the window's in-bounds positions, rounded half away from
 * zero, clamped. */
void ts_average_pool_s8_reference(const ts_pool_params *params, const int8_t *input,
                                  int8_t *output);

#ifdef __cplusplus
}
#endif

#endif
