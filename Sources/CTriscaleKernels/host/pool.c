/* The host int8 max and average pooling: the channel loop innermost and
 * contiguous (compilers vectorize it), padded positions skipped. */
#include "host_kernels.h"

/* Channels pooled together (the average pool's int32 sums). */
#define TS_POOL_CHUNK 64

#if defined(__x86_64__) && defined(__clang__)
/* Compiled for AVX2 and for the baseline; the loader picks one (ifunc). */
__attribute__((target_clones("avx2", "default")))
#endif
void ts_max_pool_s8(const ts_pool_params *params, const int8_t *input, int8_t *output) {
  const int32_t channels = params->channels;
  int8_t *out = output;
  for (int32_t oy = 0; oy < params->output_height; ++oy) {
    int32_t y0, ky0, ky1;
    ts_window(oy, params->stride, params->pad_top, params->size, params->input_height, &y0, &ky0,
              &ky1);
    for (int32_t ox = 0; ox < params->output_width; ++ox, out += channels) {
      int32_t x0, kx0, kx1;
      ts_window(ox, params->stride, params->pad_left, params->size, params->input_width, &x0, &kx0,
                &kx1);
      for (int32_t c = 0; c < channels; ++c) out[c] = -128;
      for (int32_t ky = ky0; ky < ky1; ++ky) {
        for (int32_t kx = kx0; kx < kx1; ++kx) {
          const int8_t *x = input + ((size_t)(y0 + ky) * params->input_width + x0 + kx) * channels;
          for (int32_t c = 0; c < channels; ++c) out[c] = x[c] > out[c] ? x[c] : out[c];
        }
      }
      for (int32_t c = 0; c < channels; ++c) {
        out[c] = (int8_t)ts_clamp(out[c], params->activation_min, params->activation_max);
      }
    }
  }
}

#if defined(__x86_64__) && defined(__clang__)
__attribute__((target_clones("avx2", "default")))
#endif
void ts_average_pool_s8(const ts_pool_params *params, const int8_t *input, int8_t *output) {
  const int32_t channels = params->channels;
  int32_t sums[TS_POOL_CHUNK];
  int8_t *out = output;
  for (int32_t oy = 0; oy < params->output_height; ++oy) {
    int32_t y0, ky0, ky1;
    ts_window(oy, params->stride, params->pad_top, params->size, params->input_height, &y0, &ky0,
              &ky1);
    for (int32_t ox = 0; ox < params->output_width; ++ox, out += channels) {
      int32_t x0, kx0, kx1;
      ts_window(ox, params->stride, params->pad_left, params->size, params->input_width, &x0, &kx0,
                &kx1);
      const int32_t count = (ky1 > ky0 ? ky1 - ky0 : 0) * (kx1 > kx0 ? kx1 - kx0 : 0);
      for (int32_t first = 0; first < channels; first += TS_POOL_CHUNK) {
        const int32_t chunk = channels - first < TS_POOL_CHUNK ? channels - first : TS_POOL_CHUNK;
        for (int32_t c = 0; c < chunk; ++c) sums[c] = 0;
        for (int32_t ky = ky0; ky < ky1; ++ky) {
          for (int32_t kx = kx0; kx < kx1; ++kx) {
            const int8_t *x =
                input + ((size_t)(y0 + ky) * params->input_width + x0 + kx) * channels + first;
            for (int32_t c = 0; c < chunk; ++c) sums[c] += x[c];
          }
        }
        for (int32_t c = 0; c < chunk; ++c) {
          out[first + c] = (int8_t)ts_clamp(ts_rounded_average(sums[c], count),
                                            params->activation_min, params->activation_max);
        }
      }
    }
  }
}
