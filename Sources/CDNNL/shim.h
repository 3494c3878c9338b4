// Exposes the oneDNN 2.x C API (Debian libdnnl-dev, OpenMP runtime) to Swift.
#ifndef TRISCALE_CDNNL_SHIM_H
#define TRISCALE_CDNNL_SHIM_H
#include <oneapi/dnnl/dnnl.h>

// OpenMP runtime that libdnnl is built against (libgomp); sets oneDNN's thread count.
extern void omp_set_num_threads(int count);

/// The special handle asking oneDNN to allocate a memory object's buffer.
static inline void *triscale_dnnl_memory_allocate(void) { return DNNL_MEMORY_ALLOCATE; }
#endif
