/* Triscale int8 kernels: portable C99 following the TensorFlow Lite int8
 * specification (per-channel symmetric weights, per-tensor asymmetric
 * activations, int32 bias, fixed-point requantization with TFLite's rounding).
 * The same code runs on the host, where AVX2 paths are chosen at run time,
 * and on microcontrollers, so both give bit-identical results.
 * Activations are NHWC for one image. */
#ifndef TRISCALE_KERNELS_H
#define TRISCALE_KERNELS_H

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

/* ---- Kernel selection ---- */

/* Which implementation the dispatching kernels use. */
typedef enum {
  TS_KERNELS_PORTABLE = 0,    /* plain C loops on every target */
  TS_KERNELS_AVX2 = 1,        /* x86-64 AVX2: int16 dot products (vpmaddwd) */
  TS_KERNELS_AVX512_VNNI = 2  /* x86-64 AVX-512 VNNI: u8·s8 dot products (vpdpbusd) */
} ts_kernel_path;

/* Whether this CPU can run `path`. */
int ts_supports_kernel_path(ts_kernel_path path);

/* The fastest path this CPU supports. */
ts_kernel_path ts_active_kernel_path(void);

/* ---- Convolution ---- */

/* Geometry and quantization of one convolution (full or depthwise). */
typedef struct {
  int32_t input_height, input_width, input_channels;
  int32_t output_height, output_width, output_channels;
  int32_t kernel, stride;
  int32_t pad_top, pad_left;  /* padding before the first row / column */
  int32_t input_offset;       /* −(input zero point) */
  int32_t output_offset;      /* output zero point */
  int32_t activation_min, activation_max;
} ts_conv_params;

/* Prepared weights of a full convolution or fully connected layer for the
 * dispatching kernels. Portable and AVX2: weights widened to int16, rows
 * padded with zeros to `depth_padded` (a multiple of 16). AVX-512 VNNI: int8
 * rows padded to a multiple of 32, and each row's sum (for the offset
 * correction of unsigned inputs). */
typedef struct {
  int32_t rows;         /* output channels */
  int32_t depth;        /* kernel · kernel · input channels */
  int32_t depth_padded; /* depth rounded up to 16 (32 for VNNI) */
  int16_t *weights;     /* rows × depth_padded (portable, AVX2) */
  int8_t *weights8;     /* rows × depth_padded (VNNI) */
  int32_t *row_sums;    /* Σ of each row's weights (VNNI) */
  ts_kernel_path path;  /* the kernels that run on them */
} ts_packed_weights;

/* The path `requested` resolves to on this CPU: the nearest one it supports. */
ts_kernel_path ts_resolve_kernel_path(ts_kernel_path requested);

/* Bytes `ts_pack_weights` needs for `rows` × `depth` weights on `path`. */
size_t ts_packed_weights_bytes(int32_t rows, int32_t depth, ts_kernel_path path);

/* Packs OHWI int8 weights (`rows` × `depth`) into `memory` (size from
 * `ts_packed_weights_bytes`, 64-byte aligned) for the kernels of `path`
 * (resolved with `ts_resolve_kernel_path`) and describes them in `packed`. */
void ts_pack_weights(const int8_t *weights, int32_t rows, int32_t depth, ts_kernel_path path,
                     void *memory, ts_packed_weights *packed);

/* Bytes of scratch `ts_conv2d_s8` needs (the im2col rows). */
size_t ts_conv2d_scratch_bytes(const ts_conv_params *params);

/* Full convolution, reference loops: weights OHWI int8, one multiplier and
 * shift per output channel. */
void ts_conv2d_s8_reference(const ts_conv_params *params, const int8_t *input,
                            const int8_t *weights, const int32_t *bias,
                            const int32_t *multipliers, const int32_t *shifts, int8_t *output);

/* Full convolution on the packed weights' path, with scratch
 * (`ts_conv2d_scratch_bytes`, 32-byte aligned); bit-identical to the reference. */
void ts_conv2d_s8(const ts_conv_params *params, const int8_t *input,
                  const ts_packed_weights *weights, const int32_t *bias,
                  const int32_t *multipliers, const int32_t *shifts, void *scratch,
                  int8_t *output);

/* Depthwise convolution (depth multiplier 1): weights [K][K][C] int8
 * (TFLite's [1, K, K, C] order); `path` AVX2 vectorizes the requantization. */
void ts_depthwise_conv2d_s8(ts_kernel_path path, const ts_conv_params *params, const int8_t *input,
                            const int8_t *weights, const int32_t *bias,
                            const int32_t *multipliers, const int32_t *shifts, int8_t *output);

/* ---- Fully connected ---- */

/* Quantization of a fully connected layer (per-tensor weights). */
typedef struct {
  int32_t features, units;
  int32_t input_offset, output_offset;
  int32_t multiplier, shift;
  int32_t activation_min, activation_max;
} ts_fully_connected_params;

/* Reference loops: weights [units][features]. */
void ts_fully_connected_s8_reference(const ts_fully_connected_params *params,
                                     const int8_t *input, const int8_t *weights,
                                     const int32_t *bias, int8_t *output);

/* Bytes of scratch `ts_fully_connected_s8` needs. */
size_t ts_fully_connected_scratch_bytes(const ts_fully_connected_params *params);

/* On the packed weights' path, with scratch; bit-identical to the reference. */
void ts_fully_connected_s8(const ts_fully_connected_params *params, const int8_t *input,
                           const ts_packed_weights *weights, const int32_t *bias,
                           void *scratch, int8_t *output);

/* ---- Element-wise add (TFLite's int8 ADD) ---- */

typedef struct {
  int32_t left_offset, right_offset, output_offset; /* −zp, −zp, +zp */
  int32_t left_multiplier, left_shift;
  int32_t right_multiplier, right_shift;
  int32_t output_multiplier, output_shift;
  int32_t left_shift_bits; /* 20 for int8 */
  int32_t activation_min, activation_max;
  ts_kernel_path path; /* AVX2 falls back to portable on CPUs without it */
} ts_add_params;

/* Derives the add's multipliers from the three scales as TFLite does. */
void ts_add_prepare(float left_scale, float right_scale, float output_scale,
                    ts_add_params *params);

void ts_add_s8(const ts_add_params *params, int32_t count, const int8_t *left,
               const int8_t *right, int8_t *output);

/* ---- Pooling (output quantization equals the input's) ---- */

typedef struct {
  int32_t input_height, input_width, channels;
  int32_t output_height, output_width;
  int32_t size, stride, pad_top, pad_left;
  int32_t activation_min, activation_max;
} ts_pool_params;

void ts_max_pool_s8(const ts_pool_params *params, const int8_t *input, int8_t *output);

/* Average over the window's in-bounds positions, rounded half away from zero. */
void ts_average_pool_s8(const ts_pool_params *params, const int8_t *input, int8_t *output);

#ifdef __cplusplus
}
#endif

#endif
