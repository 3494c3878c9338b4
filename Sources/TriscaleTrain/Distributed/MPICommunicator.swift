import CMPI
import TriscaleCore
import TriscaleGraph

/// Data-parallel communication over MPI (Open MPI): gradients are packed into
/// buckets of about ``bucketElements`` floats, every bucket's all-reduce is
/// started as soon as it is packed (non-blocking), and all are awaited
/// together, so packing and communication overlap.
public final class MPICommunicator: Communicator {
  /// This process's rank in `MPI_COMM_WORLD`, 0..<size.
  public let rank: Int
  /// Processes in the MPI job.
  public let size: Int
  /// Floats per all-reduce bucket (1 Mi floats = 4 MiB).
  public let bucketElements: Int

  /// Joins the MPI job this process was started in (`mpirun -np N triscale …`);
  /// a process started without mpirun becomes a job of one.
  public init(bucketElements: Int = 1 << 20) throws {
    if triscale_mpi_initialized() == 0 {
      guard triscale_mpi_init() == MPI_SUCCESS else {
        throw TriscaleError.backend(
          operation: "MPI_Init",
          status: "failed; check the Open MPI installation (mpirun --version)")
      }
    }
    rank = Int(triscale_mpi_rank())
    size = Int(triscale_mpi_size())
    self.bucketElements = max(bucketElements, 1)
  }

  /// Ends MPI for this process; call once, after the last collective.
  public func finish() {
    _ = triscale_mpi_finalize()
  }

  /// Averages every tensor of `store` over all ranks with bucketed,
  /// non-blocking all-reduces; a job of one returns at once.
  public func average(_ store: inout ParameterStore) throws {
    guard size > 1 else { return }
    let keys = store.keys
    let counts = keys.map { store[$0]?.count ?? 0 }
    var flat = [Float]()
    flat.reserveCapacity(counts.reduce(0, +))
    for key in keys { flat += store[key]?.storage ?? [] }
    var requests = [MPI_Request?](
      repeating: nil, count: (flat.count + bucketElements - 1) / bucketElements)
    try flat.withUnsafeMutableBufferPointer { buffer in
      for bucket in requests.indices {
        let start = bucket * bucketElements
        let count = min(bucketElements, buffer.count - start)
        guard
          triscale_mpi_start_sum(buffer.baseAddress! + start, Int32(count), &requests[bucket])
            == MPI_SUCCESS
        else {
          throw TriscaleError.backend(
            operation: "MPI_Iallreduce", status: "failed on bucket \(bucket)")
        }
      }
      for bucket in requests.indices {
        guard triscale_mpi_wait(&requests[bucket]) == MPI_SUCCESS else {
          throw TriscaleError.backend(operation: "MPI_Wait", status: "failed on bucket \(bucket)")
        }
      }
    }
    let scale = 1 / Float(size)
    var offset = 0
    for (key, count) in zip(keys, counts) {
      guard var tensor = store[key] else { continue }
      for index in 0..<count { tensor.storage[index] = flat[offset + index] * scale }
      store[key] = tensor
      offset += count
    }
  }

  /// Sums `values` element-wise over all ranks (one all-reduce).
  public func sum(_ values: inout [Double]) throws {
    guard size > 1 else { return }
    let status = values.withUnsafeMutableBufferPointer {
      triscale_mpi_sum_doubles($0.baseAddress!, Int32($0.count))
    }
    guard status == MPI_SUCCESS else {
      throw TriscaleError.backend(operation: "MPI_Allreduce", status: "failed")
    }
  }

  /// Waits until every rank has called it (`MPI_Barrier`).
  public func barrier() throws {
    guard triscale_mpi_barrier() == MPI_SUCCESS else {
      throw TriscaleError.backend(operation: "MPI_Barrier", status: "failed")
    }
  }
}
