import CDNNL
import TriscaleCore

/// The process-wide oneDNN CPU engine and stream.
///
/// oneDNN runs its primitives on one persistent OpenMP thread pool; its size is
/// set once with ``setThreadCount(_:)``.
final class DNNLRuntime: @unchecked Sendable {
  /// The shared CPU engine and in-order stream.
  static let shared = DNNLRuntime()

  let engine: dnnl_engine_t
  let stream: dnnl_stream_t

  private init() {
    var engine: dnnl_engine_t?
    var stream: dnnl_stream_t?
    // A CPU engine always exists; failure here means a broken oneDNN install.
    guard dnnl_engine_create(&engine, dnnl_cpu, 0) == dnnl_success, let engine,
      dnnl_stream_create(&stream, engine, dnnl_stream_default_flags.rawValue) == dnnl_success,
      let stream
    else { fatalError("oneDNN could not create a CPU engine; reinstall libdnnl-dev") }
    self.engine = engine
    self.stream = stream
  }

  /// Waits until every submitted primitive has finished.
  func wait() throws { try check(dnnl_stream_wait(stream), "stream wait") }
}

/// Sets the number of threads oneDNN computes with (its OpenMP pool).
public func setComputeThreadCount(_ count: Int) {
  omp_set_num_threads(Int32(max(1, count)))
}

/// The number of threads oneDNN computes with.
public var computeThreadCount: Int { Int(omp_get_max_threads()) }

/// Throws a ``TriscaleError/backend(operation:status:)`` unless `status` is success.
func check(_ status: dnnl_status_t, _ operation: @autoclosure () -> String) throws {
  guard status == dnnl_success else {
    throw TriscaleError.backend(operation: operation(), status: "oneDNN status \(status.rawValue)")
  }
}
