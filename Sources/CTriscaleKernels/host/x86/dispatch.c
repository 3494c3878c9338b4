/* Run-time detection of the SIMD kernels. */
#include "triscale_kernels.h"

#if defined(__x86_64__) && defined(__linux__)
#include <cpuid.h>
#include <sys/syscall.h>
#include <unistd.h>

/* AMX-INT8 in CPUID and the tile data state granted by Linux
 * (ARCH_REQ_XCOMP_PERM for XFEATURE_XTILEDATA). */
static int amx_available(void) {
  unsigned int eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0;
  const unsigned int tile = 1u << 24, int8 = 1u << 25;
  if ((edx & tile) == 0 || (edx & int8) == 0) return 0;
  return syscall(SYS_arch_prctl, 0x1023 /* ARCH_REQ_XCOMP_PERM */, 18 /* XTILEDATA */) == 0;
}
#endif

static int detect(ts_kernel_path path) {
  switch (path) {
    case TS_KERNELS_PORTABLE:
      return 1;
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
    case TS_KERNELS_AVX2:
      __builtin_cpu_init();
      return __builtin_cpu_supports("avx2");
    case TS_KERNELS_AVX512_VNNI:
      __builtin_cpu_init();
      return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("avx512f") &&
             __builtin_cpu_supports("avx512vnni") &&
             __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw");
#endif
#if defined(__x86_64__) && defined(__linux__) && (defined(__clang__) || defined(__GNUC__))
    case TS_KERNELS_AMX:
      return ts_supports_kernel_path(TS_KERNELS_AVX512_VNNI) && amx_available();
#endif
    default:
      return 0;
  }
}

int ts_supports_kernel_path(ts_kernel_path path) {
  static int known[4] = {-1, -1, -1, -1};
  if ((int)path < 0 || (int)path > 3) return 0;
  if (known[path] < 0) known[path] = detect(path);
  return known[path];
}

ts_kernel_path ts_resolve_kernel_path(ts_kernel_path requested) {
  if (requested == TS_KERNELS_AMX && !ts_supports_kernel_path(TS_KERNELS_AMX)) {
    requested = TS_KERNELS_AVX512_VNNI;
  }
  if (requested == TS_KERNELS_AVX512_VNNI && !ts_supports_kernel_path(TS_KERNELS_AVX512_VNNI)) {
    requested = TS_KERNELS_AVX2;
  }
  if (requested == TS_KERNELS_AVX2 && !ts_supports_kernel_path(TS_KERNELS_AVX2)) {
    requested = TS_KERNELS_PORTABLE;
  }
  return requested;
}

ts_kernel_path ts_active_kernel_path(void) {
  static int best = -1;
  if (best < 0) best = (int)ts_resolve_kernel_path(TS_KERNELS_AMX);
  return (ts_kernel_path)best;
}
