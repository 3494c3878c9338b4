/* The AVX-512 VNNI convolution: an outer-product micro-kernel over weights
 * packed in blocks of 16 output channels × 4 input channels (one 512-bit
 * register), unsigned inputs broadcast four bytes at a time (vpdpbusd), the
 * accumulators requantized in registers and stored as int8. No im2col copy:
 * each output pixel's window is a list of pointers into an unsigned copy of
 * the input (channels padded to a multiple of 4) or into a padding vector,
 * as an indirect GEMM. Exact: Σ (x + offset)·w = Σ (x + 128)·w +
 * (offset − 128)·Σ w, the second term folded into the bias. */
#include "../host_kernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

#include "avx512_requantize.h"

#define TS_VNNI __attribute__((target("avx2,avx512f,avx512vl,avx512bw,avx512vnni")))

/* Four input bytes read as one int32 (any alignment, any aliasing). */
typedef int32_t ts_unaligned_int32 __attribute__((aligned(1), may_alias));

/* Output pixels per tile: 12 rows of accumulators by one or two channel
 * blocks, 6 by four (at most 24 of the 32 registers). */
#define TS_TILE 12

static int32_t channel_blocks(int32_t channels) { return (channels + 15) / 16; }

/* The per-channel values a tile's requantization reads, for the output
 * channels padded to a multiple of 16. */
typedef struct {
  int32_t *bias;        /* bias + (input_offset − 128) · Σ w */
  int32_t *multipliers;
  int32_t *left;        /* max(shift, 0) */
  int32_t *right;       /* max(−shift, 0) */
} requantization;

/* The add a convolution's output feeds, done in the same registers
 * (ts_add_s8_reference's arithmetic): `residual` is the other operand at
 * the tile's first pixel, `convolution_is_left` says which side the
 * convolution's output is. */
typedef struct {
  const ts_add_params *params;
  const int8_t *residual;
  int convolution_is_left;
  scale16 left, right, output;
} fused_add;

/* The int8 convolution outputs `value` (int32 lanes) through the add. */
TS_VNNI TS_INLINE __m512i add16(__m512i value, __m512i residual, const fused_add *add) {
  const ts_add_params *p = add->params;
  const __m512i left = add->convolution_is_left ? value : residual;
  const __m512i right = add->convolution_is_left ? residual : value;
  const __m512i a = _mm512_slli_epi32(_mm512_add_epi32(left, _mm512_set1_epi32(p->left_offset)),
                                      (unsigned)p->left_shift_bits);
  const __m512i b = _mm512_slli_epi32(
      _mm512_add_epi32(right, _mm512_set1_epi32(p->right_offset)), (unsigned)p->left_shift_bits);
  const __m512i sum =
      _mm512_add_epi32(multiply16(a, add->left.multiplier, add->left.left, add->left.right),
                       multiply16(b, add->right.multiplier, add->right.left, add->right.right));
  return offset_clamp16(
      multiply16(sum, add->output.multiplier, add->output.left, add->output.right),
      p->output_offset, p->activation_min, p->activation_max);
}

/* One tile: `rows` output pixels (their window pointers, `positions` each,
 * `groups` four-channel groups per position) by `blocks` blocks of 16 output
 * channels starting at block `block`; the first `valid` pixels are stored.
 * rows and blocks are constants where this is inlined, so the accumulators
 * stay in registers. */
TS_VNNI TS_INLINE void tile(const uint8_t *const *pointers, int32_t positions, int32_t groups,
                            const ts_packed_weights *weights, int32_t block, int rows,
                            int blocks, int32_t valid, const requantization *q,
                            const ts_conv_params *params, const fused_add *add,
                            int8_t *output) {
  const size_t block_bytes = (size_t)weights->depth_padded * 16;
  const int8_t *w = weights->weights8 + (size_t)block * block_bytes;
  __m512i acc[TS_TILE][4];
  for (int b = 0; b < blocks; ++b) {
    const __m512i bias = _mm512_loadu_si512(q->bias + (block + b) * 16);
    for (int r = 0; r < rows; ++r) acc[r][b] = bias;
  }
  for (int32_t position = 0; position < positions; ++position) {
    const uint8_t *a[TS_TILE];
    for (int r = 0; r < rows; ++r) a[r] = pointers[(size_t)r * positions + position];
    for (int32_t g = 0; g < groups; ++g, w += 64) {
      __m512i v[4];
      for (int b = 0; b < blocks; ++b) v[b] = _mm512_loadu_si512(w + (size_t)b * block_bytes);
      for (int r = 0; r < rows; ++r) {
        const __m512i x = _mm512_set1_epi32(((const ts_unaligned_int32 *)a[r])[g]);
        for (int b = 0; b < blocks; ++b) acc[r][b] = _mm512_dpbusd_epi32(acc[r][b], x, v[b]);
      }
    }
  }
  const int32_t channels = params->output_channels;
  for (int b = 0; b < blocks; ++b) {
    const int32_t channel = (block + b) * 16;
    const int32_t left = channels - channel;
    const __mmask16 store = left >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << left) - 1);
    const __m512i multiplier = _mm512_loadu_si512(q->multipliers + channel);
    const __m512i left_shift = _mm512_loadu_si512(q->left + channel);
    const __m512i right_shift = _mm512_loadu_si512(q->right + channel);
    for (int r = 0; r < rows; ++r) {
      if (r >= valid) break;
      const size_t at = (size_t)r * channels + channel;
      __m512i value =
          offset_clamp16(multiply16(acc[r][b], multiplier, left_shift, right_shift),
                         params->output_offset, params->activation_min, params->activation_max);
      if (add) {
        value = add16(value, _mm512_cvtepi8_epi32(_mm_maskz_loadu_epi8(store, add->residual + at)),
                      add);
      }
      _mm_mask_storeu_epi8(output + at, store, _mm512_cvtepi32_epi8(value));
    }
  }
}

/* `add` with its residual `elements` values further on (in `storage`), or null. */
static const fused_add *advanced(const fused_add *add, size_t elements, fused_add *storage) {
  if (!add) return 0;
  *storage = *add;
  storage->residual += elements;
  return storage;
}

/* Every channel block of one tile of TS_TILE pixels (`valid` of them real):
 * four blocks at a time over two half tiles, then two, then one. */
TS_VNNI static void tile_all_blocks(const uint8_t *const *pointers, int32_t positions,
                                    int32_t groups, const ts_packed_weights *weights,
                                    int32_t valid, const requantization *q,
                                    const ts_conv_params *params, const fused_add *add,
                                    int8_t *output) {
  const int32_t blocks = channel_blocks(params->output_channels);
  const size_t half = (size_t)(TS_TILE / 2);
  fused_add second_half;
  const fused_add *add_second = advanced(add, half * params->output_channels, &second_half);
  int32_t block = 0;
  for (; block + 4 <= blocks; block += 4) {
    tile(pointers, positions, groups, weights, block, TS_TILE / 2, 4, valid, q, params, add,
         output);
    if (valid > (int32_t)half) {
      tile(pointers + half * positions, positions, groups, weights, block, TS_TILE / 2, 4,
           valid - (int32_t)half, q, params, add_second,
           output + half * params->output_channels);
    }
  }
  for (; block + 2 <= blocks; block += 2) {
    tile(pointers, positions, groups, weights, block, TS_TILE, 2, valid, q, params, add, output);
  }
  for (; block < blocks; ++block) {
    tile(pointers, positions, groups, weights, block, TS_TILE, 1, valid, q, params, add, output);
  }
}

static size_t round64(size_t bytes) { return (bytes + 63) / 64 * 64; }

static int32_t padded_channels4(int32_t channels) { return (channels + 3) / 4 * 4; }

size_t ts_conv2d_vnni_scratch_bytes(const ts_conv_params *params) {
  const size_t window = (size_t)params->kernel * (size_t)params->kernel;
  const size_t channels = (size_t)padded_channels4(params->input_channels);
  const size_t image = (size_t)params->input_height * (size_t)params->input_width * channels;
  const size_t per_channel =
      4 * (size_t)channel_blocks(params->output_channels) * 16 * sizeof(int32_t);
  return round64(image) + round64(channels) + round64(window * sizeof(int32_t)) +
         round64(TS_TILE * window * sizeof(uint8_t *)) + per_channel;
}

/* image = input + 128 as bytes, each pixel's channels padded with zeros to
 * `channels4` (they meet zero weights). */
TS_VNNI static void unsigned_image(const ts_conv_params *params, const int8_t *input,
                                   int32_t channels4, uint8_t *image) {
  const size_t pixels = (size_t)params->input_height * (size_t)params->input_width;
  const int32_t channels = params->input_channels;
  const __m512i flip = _mm512_set1_epi8((char)0x80);
  if (channels == channels4) {
    const size_t count = pixels * (size_t)channels;
    size_t i = 0;
    for (; i + 64 <= count; i += 64) {
      _mm512_storeu_si512(image + i, _mm512_xor_si512(_mm512_loadu_si512(input + i), flip));
    }
    if (i < count) {
      const __mmask64 mask = ((__mmask64)1 << (count - i)) - 1;
      _mm512_mask_storeu_epi8(image + i, mask,
                              _mm512_xor_si512(_mm512_maskz_loadu_epi8(mask, input + i), flip));
    }
    return;
  }
  for (size_t pixel = 0; pixel < pixels; ++pixel) {
    const int8_t *x = input + pixel * (size_t)channels;
    uint8_t *u = image + pixel * (size_t)channels4;
    for (int32_t c = 0; c < channels4; ++c) u[c] = c < channels ? (uint8_t)(x[c] ^ 0x80) : 0;
  }
}

TS_VNNI static void convolve(const ts_conv_params *params, const int8_t *input,
                             const ts_packed_weights *weights, const int32_t *bias,
                             const int32_t *multipliers, const int32_t *shifts, void *scratch,
                             const fused_add *add, int8_t *output) {
  const int32_t out_channels = params->output_channels;
  const int32_t padded_channels = channel_blocks(out_channels) * 16;
  const int32_t kernel = params->kernel, window = kernel * kernel;
  const int32_t width = params->input_width, height = params->input_height;
  const int32_t channels4 = padded_channels4(params->input_channels);
  const int32_t pixels = params->output_height * params->output_width;
  uint8_t *cursor = (uint8_t *)scratch;
  uint8_t *image = cursor;
  cursor += round64((size_t)height * width * channels4);
  uint8_t *padding = cursor;
  cursor += round64((size_t)channels4);
  int32_t *offsets = (int32_t *)cursor; /* each window position's offset from its corner */
  cursor += round64((size_t)window * sizeof(int32_t));
  const uint8_t **pointers = (const uint8_t **)cursor;
  cursor += round64(TS_TILE * (size_t)window * sizeof(uint8_t *));
  requantization q;
  q.bias = (int32_t *)cursor;
  q.multipliers = q.bias + padded_channels;
  q.left = q.multipliers + padded_channels;
  q.right = q.left + padded_channels;
  unsigned_image(params, input, channels4, image);
  for (int32_t c = 0; c < channels4; ++c) padding[c] = (uint8_t)(128 - params->input_offset);
  for (int32_t ky = 0; ky < kernel; ++ky) {
    for (int32_t kx = 0; kx < kernel; ++kx) offsets[ky * kernel + kx] = (ky * width + kx) * channels4;
  }
  for (int32_t c = 0; c < padded_channels; ++c) {
    const int real = c < out_channels;
    q.bias[c] = real ? (bias ? bias[c] : 0) + (params->input_offset - 128) * weights->row_sums[c]
                     : 0;
    q.multipliers[c] = real ? multipliers[c] : 0;
    q.left[c] = real && shifts[c] > 0 ? shifts[c] : 0;
    q.right[c] = real && shifts[c] < 0 ? -shifts[c] : 0;
  }
  const int32_t groups = channels4 / 4;
  for (int32_t first = 0; first < pixels; first += TS_TILE) {
    const int32_t valid = pixels - first < TS_TILE ? pixels - first : TS_TILE;
    for (int32_t r = 0; r < TS_TILE; ++r) {
      /* Rows past the end repeat the last pixel (computed, not stored). */
      const int32_t pixel = first + (r < valid ? r : valid - 1);
      const int32_t y0 = pixel / params->output_width * params->stride - params->pad_top;
      const int32_t x0 = pixel % params->output_width * params->stride - params->pad_left;
      const uint8_t **row = pointers + (size_t)r * window;
      const uint8_t *corner = image + ((ptrdiff_t)y0 * width + x0) * channels4;
      if (y0 >= 0 && x0 >= 0 && y0 + kernel <= height && x0 + kernel <= width) {
        for (int32_t position = 0; position < window; ++position) {
          row[position] = corner + offsets[position];
        }
        continue;
      }
      for (int32_t ky = 0; ky < kernel; ++ky) {
        const int inside_y = y0 + ky >= 0 && y0 + ky < height;
        for (int32_t kx = 0; kx < kernel; ++kx) {
          const int inside = inside_y && x0 + kx >= 0 && x0 + kx < width;
          row[ky * kernel + kx] = inside ? corner + offsets[ky * kernel + kx] : padding;
        }
      }
    }
    fused_add at_tile;
    tile_all_blocks(pointers, window, groups, weights, valid, &q, params,
                    advanced(add, (size_t)first * out_channels, &at_tile),
                    output + (size_t)first * out_channels);
  }
}

TS_VNNI void ts_conv2d_s8_vnni(const ts_conv_params *params, const int8_t *input,
                               const ts_packed_weights *weights, const int32_t *bias,
                               const int32_t *multipliers, const int32_t *shifts, void *scratch,
                               int8_t *output) {
  convolve(params, input, weights, bias, multipliers, shifts, scratch, 0, output);
}

TS_VNNI void ts_conv2d_add_s8_vnni(const ts_conv_params *params, const int8_t *input,
                                   const ts_packed_weights *weights, const int32_t *bias,
                                   const int32_t *multipliers, const int32_t *shifts,
                                   void *scratch, const ts_add_params *add_params,
                                   const int8_t *residual, int convolution_is_left,
                                   int8_t *output) {
  fused_add add;
  add.params = add_params;
  add.residual = residual;
  add.convolution_is_left = convolution_is_left;
  add.left = broadcast_scale(add_params->left_multiplier, add_params->left_shift);
  add.right = broadcast_scale(add_params->right_multiplier, add_params->right_shift);
  add.output = broadcast_scale(add_params->output_multiplier, add_params->output_shift);
  convolve(params, input, weights, bias, multipliers, shifts, scratch, &add, output);
}

void ts_pack_conv_weights_vnni(const int8_t *weights, int32_t rows, int32_t window,
                               int32_t channels, void *memory, ts_packed_weights *packed) {
  const int32_t blocks = channel_blocks(rows);
  const int32_t channels4 = padded_channels4(channels);
  packed->depth_padded = window * channels4;
  const int32_t groups = packed->depth_padded / 4;
  const size_t bytes = (size_t)blocks * 16 * (size_t)packed->depth_padded;
  packed->weights8 = (int8_t *)memory;
  packed->row_sums = (int32_t *)((char *)memory + round64(bytes));
  for (int32_t r = 0; r < blocks * 16; ++r) {
    int32_t sum = 0;
    for (int32_t k = 0; k < packed->depth_padded; ++k) {
      const int32_t position = k / channels4, c = k % channels4;
      const int8_t value =
          r < rows && c < channels ? weights[((size_t)r * window + position) * channels + c] : 0;
      /* Block r/16, group k/4, lane r%16, byte k%4. */
      packed->weights8[((size_t)(r / 16) * groups + k / 4) * 64 + (r % 16) * 4 + k % 4] = value;
      sum += value;
    }
    packed->row_sums[r] = sum;
  }
}

size_t ts_packed_conv_weights_vnni_bytes(int32_t rows, int32_t window, int32_t channels) {
  const size_t padded_rows = (size_t)channel_blocks(rows) * 16;
  return round64(padded_rows * (size_t)window * (size_t)padded_channels4(channels)) +
         padded_rows * sizeof(int32_t);
}

#endif
