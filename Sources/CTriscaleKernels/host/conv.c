/* The host full int8 convolution: im2col blocks of widened input windows
 * through the dot-product kernels. Padded positions contribute nothing
 * (TFLite skips them). */
#include "host_kernels.h"

static int32_t padded_depth(const ts_conv_params *params) {
  return (params->kernel * params->kernel * params->input_channels + 15) / 16 * 16;
}

size_t ts_conv2d_scratch_bytes(const ts_conv_params *params) {
  /* int16 rows and the block's sums (portable, AVX2), or what the VNNI
   * path needs, whichever is more. */
  const size_t rows = (size_t)TS_PIXEL_BLOCK * (size_t)padded_depth(params) * sizeof(int16_t);
  const size_t sums = (size_t)TS_PIXEL_BLOCK * (size_t)params->output_channels * sizeof(int32_t);
#if defined(__x86_64__)
  const size_t vnni = ts_conv2d_vnni_scratch_bytes(params);
  if (vnni > rows + sums) return vnni;
#endif
  return rows + sums;
}

/* Writes the widened, offset input window of output pixel (oy, ox) into row. */
static void gather_window(const ts_conv_params *params, const int8_t *input, int32_t oy,
                          int32_t ox, int32_t depth_padded, int avx2, int16_t *row) {
  const int32_t channels = params->input_channels, kernel = params->kernel;
  int16_t *cursor = row;
  for (int32_t ky = 0; ky < kernel; ++ky) {
    const int32_t iy = oy * params->stride - params->pad_top + ky;
    for (int32_t kx = 0; kx < kernel; ++kx) {
      const int32_t ix = ox * params->stride - params->pad_left + kx;
      if (iy < 0 || iy >= params->input_height || ix < 0 || ix >= params->input_width) {
        for (int32_t ic = 0; ic < channels; ++ic) cursor[ic] = 0;
      } else {
        const int8_t *x = input + ((size_t)iy * params->input_width + ix) * channels;
#if defined(__x86_64__)
        if (avx2) {
          ts_widen_with_offset_avx2(x, channels, params->input_offset, cursor);
          cursor += channels;
          continue;
        }
#endif
        for (int32_t ic = 0; ic < channels; ++ic) {
          cursor[ic] = (int16_t)((int32_t)x[ic] + params->input_offset);
        }
      }
      cursor += channels;
    }
  }
  while (cursor < row + depth_padded) *cursor++ = 0;
}

#if defined(__x86_64__) && defined(__clang__)
/* Compiled for AVX2 and for the baseline (the im2col copies widen); ifunc picks one. */
__attribute__((target_clones("avx2", "default")))
#endif
void ts_conv2d_s8(const ts_conv_params *params, const int8_t *input,
                  const ts_packed_weights *weights, const int32_t *bias,
                  const int32_t *multipliers, const int32_t *shifts, void *scratch,
                  int8_t *output) {
  if (weights->path == TS_KERNELS_AVX512_VNNI) {
#if defined(__x86_64__)
    ts_conv2d_s8_vnni(params, input, weights, bias, multipliers, shifts, scratch, output);
#endif
    return;
  }
  const int32_t depth_padded = weights->depth_padded;
  const int32_t out_channels = params->output_channels;
  int16_t *rows = (int16_t *)scratch;
  int32_t *sums = (int32_t *)(rows + (size_t)TS_PIXEL_BLOCK * depth_padded);
  const int32_t pixels = params->output_height * params->output_width;
  const int avx2 = weights->path == TS_KERNELS_AVX2;
  for (int32_t first = 0; first < pixels; first += TS_PIXEL_BLOCK) {
    const int32_t count = pixels - first < TS_PIXEL_BLOCK ? pixels - first : TS_PIXEL_BLOCK;
    for (int32_t p = 0; p < count; ++p) {
      const int32_t pixel = first + p;
      gather_window(params, input, pixel / params->output_width, pixel % params->output_width,
                    depth_padded, avx2, rows + (size_t)p * depth_padded);
    }
    ts_dot_rows(rows, count, weights, sums);
    for (int32_t p = 0; p < count; ++p) {
      int8_t *out = output + (size_t)(first + p) * out_channels;
      const int32_t *sum = sums + (size_t)p * out_channels;
#if defined(__x86_64__)
      if (avx2) {
        ts_requantize_row_avx2(sum, bias, out_channels, multipliers, shifts, params->output_offset,
                               params->activation_min, params->activation_max, out);
        continue;
      }
#endif
      for (int32_t oc = 0; oc < out_channels; ++oc) {
        out[oc] = ts_requantize(sum[oc] + (bias ? bias[oc] : 0), multipliers[oc], shifts[oc],
                                params->output_offset, params->activation_min,
                                params->activation_max);
      }
    }
  }
}

int ts_conv2d_add_supported(const ts_packed_weights *weights) {
  return weights->path == TS_KERNELS_AVX512_VNNI;
}

void ts_conv2d_add_s8(const ts_conv_params *params, const int8_t *input,
                      const ts_packed_weights *weights, const int32_t *bias,
                      const int32_t *multipliers, const int32_t *shifts, void *scratch,
                      const ts_add_params *add_params, const int8_t *residual,
                      int convolution_is_left, int8_t *output) {
#if defined(__x86_64__)
  if (ts_conv2d_add_supported(weights)) {
    ts_conv2d_add_s8_vnni(params, input, weights, bias, multipliers, shifts, scratch, add_params,
                          residual, convolution_is_left, output);
  }
#else
  (void)params, (void)input, (void)weights, (void)bias, (void)multipliers, (void)shifts;
  (void)scratch, (void)add_params, (void)residual, (void)convolution_is_left, (void)output;
#endif
}
