/* The multiply-accumulate core of the Cortex-M DSP kernels: dot products of
 * int8 vectors, widened four bytes at a time to two pairs of int16 lanes
 * (SXTB16, SXTAB16 adding the input offset) and accumulated two products
 * per SMLAD. Both operands are widened the same way (bytes 0 and 2, then 1
 * and 3), so the lanes pair up without reordering. */
#ifndef TRISCALE_DSP_DOT_H
#define TRISCALE_DSP_DOT_H

#include <string.h>

#include <arm_acle.h>

#include "triscale_reference.h"

#if !defined(__ARM_FEATURE_DSP)
#error "the Cortex-M DSP kernels need a core with the DSP extension (-mcpu=cortex-m4, m7 or m33)"
#endif

/* Four int8 values from any address (one unaligned LDR on Armv7E-M). */
static inline int8x4_t ts_dsp_load4(const int8_t *p) {
  int8x4_t value;
  memcpy(&value, p, sizeof value);
  return value;
}

/* Bytes 1 and 3 of `value`, sign-extended to int16 lanes: SXTB16 with its
 * ROR #8 operand, which ACLE's __sxtb16 cannot express (GCC then spends a
 * separate rotate). */
static inline int16x2_t ts_dsp_sxtb16_ror8(int8x4_t value) {
  int16x2_t lanes;
  __asm__("sxtb16 %0, %1, ror #8" : "=r"(lanes) : "r"(value));
  return lanes;
}

/* `offset` plus bytes 1 and 3 of `value` in int16 lanes (SXTAB16, ROR #8). */
static inline int16x2_t ts_dsp_sxtab16_ror8(int16x2_t offset, int8x4_t value) {
  int16x2_t lanes;
  __asm__("sxtab16 %0, %1, %2, ror #8" : "=r"(lanes) : "r"(offset), "r"(value));
  return lanes;
}

/* `offset` in both int16 lanes, for SXTAB16. */
static inline int16x2_t ts_dsp_offset_pair(int32_t offset) {
  const uint32_t lane = (uint16_t)offset;
  return (int16x2_t)(lane | (lane << 16));
}

/* Accumulates, over i < length, (xa[i] + offset) · w0[i] into sums[0],
 * (xa[i] + offset) · w1[i] into sums[1], (xb[i] + offset) · w0[i] into
 * sums[2] and (xb[i] + offset) · w1[i] into sums[3]: two inputs against two
 * weight rows, each load used twice. `offset_pair` is ts_dsp_offset_pair(offset). */
static inline void ts_dsp_dot_2x2(const int8_t *xa, const int8_t *xb, const int8_t *w0,
                                  const int8_t *w1, int32_t length, int32_t offset,
                                  int16x2_t offset_pair, int32_t sums[4]) {
  int32_t a0 = sums[0], a1 = sums[1], b0 = sums[2], b1 = sums[3];
  int32_t i = 0;
  for (; i + 4 <= length; i += 4) {
    const int8x4_t f0 = ts_dsp_load4(w0 + i), f1 = ts_dsp_load4(w1 + i);
    const int8x4_t x = ts_dsp_load4(xa + i), y = ts_dsp_load4(xb + i);
    const int16x2_t f0_even = __sxtb16(f0), f0_odd = ts_dsp_sxtb16_ror8(f0);
    const int16x2_t f1_even = __sxtb16(f1), f1_odd = ts_dsp_sxtb16_ror8(f1);
    const int16x2_t x_even = __sxtab16(offset_pair, x);
    const int16x2_t x_odd = ts_dsp_sxtab16_ror8(offset_pair, x);
    const int16x2_t y_even = __sxtab16(offset_pair, y);
    const int16x2_t y_odd = ts_dsp_sxtab16_ror8(offset_pair, y);
    a0 = __smlad(x_even, f0_even, __smlad(x_odd, f0_odd, a0));
    a1 = __smlad(x_even, f1_even, __smlad(x_odd, f1_odd, a1));
    b0 = __smlad(y_even, f0_even, __smlad(y_odd, f0_odd, b0));
    b1 = __smlad(y_even, f1_even, __smlad(y_odd, f1_odd, b1));
  }
  for (; i < length; ++i) {
    const int32_t x = xa[i] + offset, y = xb[i] + offset;
    a0 += x * w0[i];
    a1 += x * w1[i];
    b0 += y * w0[i];
    b1 += y * w1[i];
  }
  sums[0] = a0;
  sums[1] = a1;
  sums[2] = b0;
  sums[3] = b1;
}

#endif
