/* libpng (Debian libpng-dev) for TriscaleData, plus one decode call that
 * keeps libpng's setjmp/longjmp error handling on the C side, where it is
 * legal: Swift frames must never be jumped over. */
#ifndef TRISCALE_CPNG_SHIM_H
#define TRISCALE_CPNG_SHIM_H

#include <png.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

/* The bytes being decoded and, after a failure, libpng's message. */
typedef struct {
  const unsigned char *data;
  size_t size;
  size_t offset;
  char message[200];
} triscale_png_source;

static inline void triscale_png_read(png_structp png, png_bytep target, size_t count) {
  triscale_png_source *source = (triscale_png_source *)png_get_io_ptr(png);
  if (count > source->size - source->offset) png_error(png, "the file ends early (truncated)");
  memcpy(target, source->data + source->offset, count);
  source->offset += count;
}

static inline void triscale_png_error(png_structp png, png_const_charp message) {
  triscale_png_source *source = (triscale_png_source *)png_get_error_ptr(png);
  snprintf(source->message, sizeof source->message, "%s", message);
  png_longjmp(png, 1);
}

static inline void triscale_png_warning(png_structp png, png_const_charp message) {
  (void)png;
  (void)message;
}

/* Decodes the PNG in data[0..<size] to 8-bit gray (1 channel) or RGB (3):
 * palettes are expanded, 16-bit samples scaled to 8, alpha dropped. On
 * success returns 1 and a malloc'ed buffer (the caller frees it) of
 * height·width·channels bytes; on failure returns 0 with message filled. */
static inline int triscale_png_decode(const unsigned char *data, size_t size,
                                      unsigned char **pixels, int *width, int *height,
                                      int *channels, char *message, size_t message_size) {
  triscale_png_source source = {data, size, 0, {0}};
  unsigned char *volatile buffer = NULL;
  png_bytep *volatile rows = NULL;
  png_structp png = NULL;
  png_infop info = NULL;
  *pixels = NULL;
  if (size < 8 || png_sig_cmp(data, 0, 8) != 0) {
    snprintf(message, message_size, "not a PNG file (wrong signature)");
    return 0;
  }
  png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &source, triscale_png_error,
                               triscale_png_warning);
  if (png == NULL || (info = png_create_info_struct(png)) == NULL) {
    png_destroy_read_struct(&png, NULL, NULL);
    snprintf(message, message_size, "out of memory");
    return 0;
  }
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_read_struct(&png, &info, NULL);
    free(buffer);
    free(rows);
    snprintf(message, message_size, "%s", source.message);
    return 0;
  }
  png_set_read_fn(png, &source, triscale_png_read);
  png_read_info(png, info);
  int color = png_get_color_type(png, info);
  if (png_get_bit_depth(png, info) == 16) png_set_scale_16(png);
  if (color == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
  if (color == PNG_COLOR_TYPE_GRAY) png_set_expand_gray_1_2_4_to_8(png);
  png_set_strip_alpha(png);
  png_set_interlace_handling(png);
  png_read_update_info(png, info);
  size_t row_bytes = png_get_rowbytes(png, info);
  png_uint_32 rows_count = png_get_image_height(png, info);
  buffer = (unsigned char *)malloc(row_bytes * rows_count);
  rows = (png_bytep *)malloc(sizeof(png_bytep) * rows_count);
  if (buffer == NULL || rows == NULL) png_error(png, "out of memory");
  for (png_uint_32 row = 0; row < rows_count; row++) rows[row] = buffer + row * row_bytes;
  png_read_image(png, rows);
  *width = (int)png_get_image_width(png, info);
  *height = (int)rows_count;
  *channels = (int)png_get_channels(png, info);
  png_destroy_read_struct(&png, &info, NULL);
  free(rows);
  *pixels = buffer;
  return 1;
}

#endif
