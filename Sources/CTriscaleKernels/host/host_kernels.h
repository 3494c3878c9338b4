/* Internal to the host kernels: the dot products of im2col rows with packed
 * weight rows, and the x86 paths (host/x86/) the portable files call. */
#ifndef TRISCALE_HOST_KERNELS_H
#define TRISCALE_HOST_KERNELS_H

#include "triscale_kernels.h"

/* Image rows processed together by the convolution. */
#define TS_PIXEL_BLOCK 8

/* accumulators[p · rows + r] = Σ_k rows_a[p · depth_padded + k] · weights[r][k]
 * for p < pixels (≤ TS_PIXEL_BLOCK), on the weights' path. */
void ts_dot_rows(const int16_t *rows_a, int32_t pixels, const ts_packed_weights *weights,
                 int32_t *accumulators);

/* The convolution on VNNI-packed weights (host/x86/vnni.c): an indirect
 * GEMM of unsigned inputs against blocks of 16 output channels × 4 depth
 * values, Σ (x + offset)·w = Σ (x + 128)·w + (offset − 128)·Σ w. */
void ts_conv2d_s8_vnni(const ts_conv_params *params, const int8_t *input,
                       const ts_packed_weights *weights, const int32_t *bias,
                       const int32_t *multipliers, const int32_t *shifts, void *scratch,
                       int8_t *output);

/* The same followed by the add its output feeds (see ts_conv2d_add_s8). */
void ts_conv2d_add_s8_vnni(const ts_conv_params *params, const int8_t *input,
                           const ts_packed_weights *weights, const int32_t *bias,
                           const int32_t *multipliers, const int32_t *shifts, void *scratch,
                           const ts_add_params *add_params, const int8_t *residual,
                           int convolution_is_left, int8_t *output);

/* The depthwise convolution on AVX-512 (x86-64 with AVX-512 F, BW, VL). */
void ts_depthwise_conv2d_s8_avx512(const ts_conv_params *params, const int8_t *input,
                                   const int8_t *weights, const int32_t *bias,
                                   const int32_t *multipliers, const int32_t *shifts,
                                   int8_t *output);

/* Bytes of scratch ts_conv2d_s8_vnni needs. */
size_t ts_conv2d_vnni_scratch_bytes(const ts_conv_params *params);

/* Bytes and packing of the VNNI layout of OHWI convolution weights (`rows`
 * output channels, `window` kernel positions, `channels` input channels). */
size_t ts_packed_conv_weights_vnni_bytes(int32_t rows, int32_t window, int32_t channels);
void ts_pack_conv_weights_vnni(const int8_t *weights, int32_t rows, int32_t window,
                               int32_t channels, void *memory, ts_packed_weights *packed);

/* The same on the AVX2 path (x86-64 only). */
void ts_dot_rows_avx2(const int16_t *rows_a, int32_t pixels, const ts_packed_weights *weights,
                      int32_t *accumulators);

/* out[c] = requantize(accumulators[c] + bias[c]) for c < count with per-channel
 * multipliers and shifts, on the AVX2 path (x86-64 only). */
void ts_requantize_row_avx2(const int32_t *accumulators, const int32_t *bias, int32_t count,
                            const int32_t *multipliers, const int32_t *shifts,
                            int32_t output_offset, int32_t minimum, int32_t maximum,
                            int8_t *out);

/* The add on the AVX2 path (x86-64 only); bit-identical to the reference. */
void ts_add_s8_avx2(const ts_add_params *params, int32_t count, const int8_t *left,
                    const int8_t *right, int8_t *output);

/* Writes the window of `channels` int8 values at x, plus offset, as int16 (AVX2). */
void ts_widen_with_offset_avx2(const int8_t *x, int32_t channels, int32_t offset, int16_t *out);

#endif
