/* Triscale int8 kernels for Cortex-M cores with the DSP extension
 * (Armv7E-M: Cortex-M4, M7; Armv8-M Mainline with DSP: Cortex-M33).
 *
 * Same names with a _dsp suffix, same signatures, same params structs and
 * bit-identical results as the reference kernels (triscale_reference.h):
 * only the multiply-accumulate loops differ, using the SIMD32 instructions
 * of ACLE (<arm_acle.h>) as CMSIS-NN does; requantization is the reference's
 * own. This folder is not compiled into the host package; the generator
 * ships it, with the reference folder, to projects for those targets. */
#ifndef TRISCALE_CORTEXM_H
#define TRISCALE_CORTEXM_H

#include "triscale_reference.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ts_conv2d_s8_reference with two output channels of two output pixels per
 * inner loop, two MACs per SMLAD. No scratch. */
void ts_conv2d_s8_dsp(const ts_conv_params *params, const int8_t *input, const int8_t *weights,
                      const int32_t *bias, const int32_t *multipliers, const int32_t *shifts,
                      int8_t *output);

/* Output rows [row_begin, row_end) of the same convolution, written one after
 * another to `output_rows`: bit for bit the rows the whole-tensor call writes
 * (a convolution fused with the residual add that reads it). */
void ts_conv2d_s8_dsp_rows(const ts_conv_params *params, const int8_t *input,
                           const int8_t *weights, const int32_t *bias,
                           const int32_t *multipliers, const int32_t *shifts, int32_t row_begin,
                           int32_t row_end, int8_t *output_rows);

#ifdef __cplusplus
}
#endif

#endif
