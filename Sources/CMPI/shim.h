// Exposes the parts of Open MPI (Debian libopenmpi-dev) that Triscale uses.
// MPI's handles (MPI_COMM_WORLD, MPI_FLOAT, MPI_SUM, ...) are macros over
// global objects that Swift cannot import, so small wrappers expose them.
#ifndef TRISCALE_CMPI_SHIM_H
#define TRISCALE_CMPI_SHIM_H
#include <mpi.h>

static inline int triscale_mpi_initialized(void) {
  int flag = 0;
  MPI_Initialized(&flag);
  return flag;
}
static inline int triscale_mpi_init(void) { return MPI_Init(NULL, NULL); }
static inline int triscale_mpi_finalize(void) { return MPI_Finalize(); }
static inline int triscale_mpi_rank(void) {
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  return rank;
}
static inline int triscale_mpi_size(void) {
  int size = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  return size;
}
static inline int triscale_mpi_barrier(void) { return MPI_Barrier(MPI_COMM_WORLD); }
/// Starts summing `count` floats in place across all ranks; finish with triscale_mpi_wait.
static inline int triscale_mpi_start_sum(float *values, int count, MPI_Request *request) {
  return MPI_Iallreduce(MPI_IN_PLACE, values, count, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD, request);
}
static inline int triscale_mpi_wait(MPI_Request *request) { return MPI_Wait(request, MPI_STATUS_IGNORE); }
/// Sums `count` doubles in place across all ranks.
static inline int triscale_mpi_sum_doubles(double *values, int count) {
  return MPI_Allreduce(MPI_IN_PLACE, values, count, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
}
static inline int triscale_mpi_abort(int code) { return MPI_Abort(MPI_COMM_WORLD, code); }
#endif
