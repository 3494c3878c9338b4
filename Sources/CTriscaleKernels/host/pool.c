/* The host int8 max and average pooling: the channel loop innermost and
 * contiguous (compilers vectorize it), padded positions skipped. */
#include "host_kernels.h"

/* Channels pooled together (the int32 sums and maxima on the stack). */
#define TS_POOL_CHUNK 64

/* Both pools: each window walked once per chunk of channels, gathering sums
 * and maxima; `average` picks the result. */
#if defined(__x86_64__) && defined(__clang__)
/* Compiled for AVX2 and for the baseline; the loader picks one (ifunc). */
__attribute__((target_clones("avx2", "default")))
#endif
static void pool(const ts_pool_params *params, const int8_t *input, int average, int8_t *output) {
  const int32_t channels = params->channels;
  int32_t sums[TS_POOL_CHUNK], maxima[TS_POOL_CHUNK];
  int8_t *out = output;
  for (int32_t oy = 0; oy < params->output_height; ++oy) {
    for (int32_t ox = 0; ox < params->output_width; ++ox, out += channels) {
      const ts_window window =
          ts_window_at(oy, ox, params->stride, params->pad_top, params->pad_left, params->size,
                       params->input_height, params->input_width);
      const int32_t rows = window.ky1 > window.ky0 ? window.ky1 - window.ky0 : 0;
      const int32_t columns = window.kx1 > window.kx0 ? window.kx1 - window.kx0 : 0;
      for (int32_t first = 0; first < channels; first += TS_POOL_CHUNK) {
        const int32_t chunk = channels - first < TS_POOL_CHUNK ? channels - first : TS_POOL_CHUNK;
        for (int32_t c = 0; c < chunk; ++c) {
          sums[c] = 0;
          maxima[c] = -128;
        }
        for (int32_t ky = window.ky0; ky < window.ky1; ++ky) {
          const int8_t *line = input + (size_t)(window.y0 + ky) * params->input_width * channels;
          for (int32_t kx = window.kx0; kx < window.kx1; ++kx) {
            const int8_t *x = line + (size_t)(window.x0 + kx) * channels + first;
            for (int32_t c = 0; c < chunk; ++c) {
              sums[c] += x[c];
              maxima[c] = x[c] > maxima[c] ? x[c] : maxima[c];
            }
          }
        }
        for (int32_t c = 0; c < chunk; ++c) {
          const int32_t value = average ? ts_rounded_average(sums[c], rows * columns) : maxima[c];
          out[first + c] = (int8_t)ts_clamp(value, params->activation_min, params->activation_max);
        }
      }
    }
  }
}

void ts_max_pool_s8(const ts_pool_params *params, const int8_t *input, int8_t *output) {
  pool(params, input, 0, output);
}

void ts_average_pool_s8(const ts_pool_params *params, const int8_t *input, int8_t *output) {
  pool(params, input, 1, output);
}
