/* Fixed-point requantization with TensorFlow Lite's rounding. */
#include <limits.h>
#include <math.h>

#include "triscale_reference.h"

void ts_quantize_multiplier(double real, int32_t *multiplier, int32_t *shift) {
  if (real == 0.0) {
    *multiplier = 0;
    *shift = 0;
    return;
  }
  int exponent = 0;
  const double fraction = frexp(real, &exponent); /* real = fraction · 2^exponent, fraction in [0.5, 1) */
  int64_t fixed = llround(fraction * (double)(1LL << 31));
  if (fixed == (1LL << 31)) {
    fixed /= 2;
    ++exponent;
  }
  if (exponent < -31) {
    exponent = 0;
    fixed = 0;
  }
  if (exponent > 30) {
    exponent = 30;
    fixed = (1LL << 31) - 1;
  }
  *multiplier = (int32_t)fixed;
  *shift = exponent;
}

/* (a · b · 2) / 2^32 rounded to nearest, saturating the one overflow case. */
static int32_t saturating_rounding_doubling_high_mul(int32_t a, int32_t b) {
  if (a == b && a == INT32_MIN) return INT32_MAX;
  const int64_t product = (int64_t)a * (int64_t)b;
  const int64_t nudge = product >= 0 ? (1LL << 30) : (1 - (1LL << 30));
  return (int32_t)((product + nudge) / (1LL << 31));
}

/* x / 2^exponent rounded to nearest, ties away from zero. */
static int32_t rounding_divide_by_power_of_two(int32_t x, int32_t exponent) {
  const int32_t mask = (int32_t)((1LL << exponent) - 1);
  const int32_t remainder = x & mask;
  const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

int32_t ts_multiply_by_quantized_multiplier(int32_t x, int32_t multiplier, int32_t shift) {
  const int32_t left = shift > 0 ? shift : 0;
  const int32_t right = shift > 0 ? 0 : -shift;
  const int32_t shifted = (int32_t)((uint32_t)x << left);
  return rounding_divide_by_power_of_two(saturating_rounding_doubling_high_mul(shifted, multiplier),
                                         right);
}

int32_t ts_multiply_by_quantized_multiplier_single_rounding(int32_t x, int32_t multiplier,
                                                            int32_t shift) {
  const int32_t total_shift = 31 - shift;
  const int64_t round = (int64_t)1 << (total_shift - 1);
  return (int32_t)(((int64_t)x * (int64_t)multiplier + round) >> total_shift);
}
