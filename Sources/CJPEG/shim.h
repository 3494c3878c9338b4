/* libjpeg-turbo (Debian libjpeg62-turbo-dev) for TriscaleData, plus one
 * decode call that keeps libjpeg's error exits (setjmp/longjmp) on the C
 * side, where they are legal: Swift frames must never be jumped over. */
#ifndef TRISCALE_CJPEG_SHIM_H
#define TRISCALE_CJPEG_SHIM_H

#include <setjmp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <jpeglib.h>

/* libjpeg's error manager, a place to jump back to and the last message. */
typedef struct {
  struct jpeg_error_mgr base;
  jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
} triscale_jpeg_error;

static inline void triscale_jpeg_fail(j_common_ptr info) {
  triscale_jpeg_error *error = (triscale_jpeg_error *)info->err;
  (*info->err->format_message)(info, error->message);
  longjmp(error->jump, 1);
}

/* Warnings (level < 0) mean corrupt or truncated data: they fail too. */
static inline void triscale_jpeg_message(j_common_ptr info, int level) {
  if (level < 0) triscale_jpeg_fail(info);
}

/* Decodes the JPEG in data[0..<size] to 8-bit gray (1 channel, for gray
 * JPEGs) or RGB (3). On success returns 1 and a malloc'ed buffer (the
 * caller frees it) of height·width·channels bytes; on failure returns 0
 * with message filled. */
static inline int triscale_jpeg_decode(const unsigned char *data, unsigned long size,
                                       unsigned char **pixels, int *width, int *height,
                                       int *channels, char *message, size_t message_size) {
  struct jpeg_decompress_struct info;
  triscale_jpeg_error error;
  unsigned char *volatile buffer = NULL;
  *pixels = NULL;
  info.err = jpeg_std_error(&error.base);
  error.base.error_exit = triscale_jpeg_fail;
  error.base.emit_message = triscale_jpeg_message;
  if (setjmp(error.jump)) {
    jpeg_destroy_decompress(&info);
    free(buffer);
    snprintf(message, message_size, "%s", error.message);
    return 0;
  }
  jpeg_create_decompress(&info);
  jpeg_mem_src(&info, data, size);
  jpeg_read_header(&info, TRUE);
  info.out_color_space = info.jpeg_color_space == JCS_GRAYSCALE ? JCS_GRAYSCALE : JCS_RGB;
  jpeg_start_decompress(&info);
  size_t row_bytes = (size_t)info.output_width * (size_t)info.output_components;
  buffer = (unsigned char *)malloc(row_bytes * info.output_height);
  if (buffer == NULL) {
    snprintf(error.message, sizeof error.message, "out of memory");
    longjmp(error.jump, 1);
  }
  while (info.output_scanline < info.output_height) {
    JSAMPROW row = buffer + (size_t)info.output_scanline * row_bytes;
    jpeg_read_scanlines(&info, &row, 1);
  }
  jpeg_finish_decompress(&info);
  *width = (int)info.output_width;
  *height = (int)info.output_height;
  *channels = info.output_components;
  jpeg_destroy_decompress(&info);
  *pixels = buffer;
  return 1;
}

#endif
