/* Triscale int8 host kernels: the reference kernels (reference/
 * triscale_reference.h, pure C99, what ships to microcontrollers) plus the
 * fast paths the host runs: im2col blocks over packed weights, vectorizable
 * channel loops, and on x86-64 AVX2 and AVX-512 VNNI code chosen at run
 * time (no build flags). Every host kernel takes the reference kernel's
 * params struct and is bit-identical to its reference loop. */
#ifndef TRISCALE_KERNELS_H
#define TRISCALE_KERNELS_H

#include "../reference/triscale_reference.h"

#ifdef __cplusplus
extern "C" {
#endif

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

/* The path `requested` resolves to on this CPU: the nearest one it supports. */
ts_kernel_path ts_resolve_kernel_path(ts_kernel_path requested);

/* ---- Packed weights ---- */

/* Prepared weights of a full convolution or fully connected layer for the
 * dispatching kernels. Portable and AVX2: weights widened to int16, rows
 * padded with zeros to `depth_padded` (a multiple of 16). AVX-512 VNNI
 * (convolutions only): int8 in blocks of 16 rows × 4 input channels, 64
 * bytes each ([rows / 16][depth_padded / 4][16][4], rows padded with zeros
 * to a multiple of 16, each kernel position's channels to a multiple of 4),
 * and each row's sum (for the offset correction of unsigned inputs). */
typedef struct {
  int32_t rows;         /* output channels */
  int32_t depth;        /* kernel · kernel · input channels */
  int32_t depth_padded; /* depth rounded up to 16; VNNI: window · channels rounded up to 4 */
  int16_t *weights;     /* rows × depth_padded (portable, AVX2) */
  int8_t *weights8;     /* blocks of 16 rows × 4 depth values (VNNI) */
  int32_t *row_sums;    /* Σ of each row's weights, rows padded to 16 (VNNI) */
  ts_kernel_path path;  /* the kernels that run on them */
} ts_packed_weights;

/* Bytes `ts_pack_weights` needs for `rows` × `depth` weights on `path`. */
size_t ts_packed_weights_bytes(int32_t rows, int32_t depth, ts_kernel_path path);

/* Packs row-major int8 weights (`rows` × `depth`: a fully connected layer)
 * into `memory` (size from `ts_packed_weights_bytes`, 64-byte aligned) for
 * the dot-product kernels of `path` (resolved with `ts_resolve_kernel_path`;
 * at most AVX2) and describes them in `packed`. */
void ts_pack_weights(const int8_t *weights, int32_t rows, int32_t depth, ts_kernel_path path,
                     void *memory, ts_packed_weights *packed);

/* Bytes `ts_pack_conv_weights` needs on `path`. */
size_t ts_packed_conv_weights_bytes(int32_t rows, int32_t window, int32_t channels,
                                    ts_kernel_path path);

/* Packs OHWI convolution weights (`rows` output channels, `window` kernel
 * positions, `channels` input channels) into `memory` (size from
 * `ts_packed_conv_weights_bytes`, 64-byte aligned) for `ts_conv2d_s8` on
 * `path` (resolved with `ts_resolve_kernel_path`). */
void ts_pack_conv_weights(const int8_t *weights, int32_t rows, int32_t window, int32_t channels,
                          ts_kernel_path path, void *memory, ts_packed_weights *packed);

/* ---- Convolution ---- */

/* Bytes of scratch `ts_conv2d_s8` needs (the im2col rows). */
size_t ts_conv2d_scratch_bytes(const ts_conv_params *params);

/* Full convolution on the packed weights' path, with scratch
 * (`ts_conv2d_scratch_bytes`, 32-byte aligned); bit-identical to
 * `ts_conv2d_s8_reference`. */
void ts_conv2d_s8(const ts_conv_params *params, const int8_t *input,
                  const ts_packed_weights *weights, const int32_t *bias,
                  const int32_t *multipliers, const int32_t *shifts, void *scratch,
                  int8_t *output);

/* Whether `ts_conv2d_add_s8` runs on these weights (the AVX-512 VNNI path). */
int ts_conv2d_add_supported(const ts_packed_weights *weights);

/* The convolution, then the add its output feeds, in one pass:
 * output = add(convolution, residual), with the convolution's output the
 * add's left operand when `convolution_is_left` (else its right), both as
 * `ts_conv2d_s8` and `ts_add_s8_reference` compute them (bit-identical);
 * the convolution's own output is never stored. `output` may be
 * `residual` (each value is read before it is written) or `input` (read
 * whole first), but no scratch. Only where `ts_conv2d_add_supported`. */
void ts_conv2d_add_s8(const ts_conv_params *params, const int8_t *input,
                      const ts_packed_weights *weights, const int32_t *bias,
                      const int32_t *multipliers, const int32_t *shifts, void *scratch,
                      const ts_add_params *add_params, const int8_t *residual,
                      int convolution_is_left, int8_t *output);

/* Depthwise convolution with the channel loop innermost (weights as for
 * `ts_depthwise_conv2d_s8_reference`); `path` AVX2 vectorizes the
 * requantization, AVX-512 VNNI (where the CPU has it) runs the AVX-512
 * kernel. Bit-identical to the reference. */
void ts_depthwise_conv2d_s8(ts_kernel_path path, const ts_conv_params *params, const int8_t *input,
                            const int8_t *weights, const int32_t *bias,
                            const int32_t *multipliers, const int32_t *shifts, int8_t *output);

/* ---- Fully connected ---- */

/* Bytes of scratch `ts_fully_connected_s8` needs. */
size_t ts_fully_connected_scratch_bytes(const ts_fully_connected_params *params);

/* On the packed weights' path, with scratch; bit-identical to the reference. */
void ts_fully_connected_s8(const ts_fully_connected_params *params, const int8_t *input,
                           const ts_packed_weights *weights, const int32_t *bias,
                           void *scratch, int8_t *output);

/* ---- Element-wise add ---- */

/* The add on `path` (AVX2: eight lanes at a time; falls back to the
 * reference loop on CPUs without it); bit-identical to the reference. */
void ts_add_s8(ts_kernel_path path, const ts_add_params *params, int32_t count,
               const int8_t *left, const int8_t *right, int8_t *output);

/* ---- Pooling ---- */

/* Max pooling with the channel loop innermost; bit-identical to the reference. */
void ts_max_pool_s8(const ts_pool_params *params, const int8_t *input, int8_t *output);

/* Average pooling with the channel loop innermost; bit-identical to the reference. */
void ts_average_pool_s8(const ts_pool_params *params, const int8_t *input, int8_t *output);

#ifdef __cplusplus
}
#endif

#endif
