// Exposes the oneDNN 2.x C API (Debian libdnnl-dev) to Swift.
#include <oneapi/dnnl/dnnl.h>
