import CDNNL
import Foundation
import TriscaleCore

/// The process-wide oneDNN CPU engine, and one in-order stream per thread.
///
/// A oneDNN stream must not be used from two threads at once, so every thread
/// that executes primitives (the command-line tool has one; parallel tests have
/// many) gets its own. oneDNN computes on its OpenMP thread pool; its size is
/// set with ``setComputeThreadCount(_:)``.
final class DNNLRuntime: @unchecked Sendable {
  /// The shared CPU engine.
  static let shared = DNNLRuntime()

  let engine: dnnl_engine_t

  private init() {
    var engine: dnnl_engine_t?
    // A CPU engine always exists; failure here means a broken oneDNN install.
    guard dnnl_engine_create(&engine, dnnl_cpu, 0) == dnnl_success, let engine else {
      fatalError("oneDNN could not create a CPU engine; reinstall libdnnl-dev")
    }
    self.engine = engine
  }

  /// A stream owned by one thread, destroyed with the thread.
  private final class ThreadStream {
    let stream: dnnl_stream_t
    init(engine: dnnl_engine_t) throws {
      var stream: dnnl_stream_t?
      try check(
        dnnl_stream_create(&stream, engine, dnnl_stream_default_flags.rawValue), "stream creation")
      self.stream = stream!
    }
    deinit { dnnl_stream_destroy(stream) }
  }

  private static let streamKey = "triscale.dnnl.stream"

  /// The calling thread's stream.
  func stream() throws -> dnnl_stream_t {
    let dictionary = Thread.current.threadDictionary
    if let existing = dictionary[Self.streamKey] as? ThreadStream { return existing.stream }
    let created = try ThreadStream(engine: engine)
    dictionary[Self.streamKey] = created
    return created.stream
  }
}

/// Sets the number of threads oneDNN computes with (its OpenMP pool).
public func setComputeThreadCount(_ count: Int) {
  omp_set_num_threads(Int32(max(1, count)))
}

/// Throws a ``TriscaleError/backend(operation:status:)`` unless `status` is
/// success, saying in words what oneDNN refused and what to do.
func check(_ status: dnnl_status_t, _ operation: @autoclosure () -> String) throws {
  guard status == dnnl_success else {
    let meaning: String
    switch status {
    case dnnl_out_of_memory:
      meaning = "oneDNN ran out of memory; use a smaller --batch-size or fewer --threads"
    case dnnl_invalid_arguments:
      meaning =
        "oneDNN refused the operation's shapes or sizes (a damaged model or an oversized batch); re-create the model file or use a smaller --batch-size"
    case dnnl_unimplemented:
      meaning =
        "oneDNN has no implementation for it on this CPU; use --precision fp32 or another model"
    default:
      meaning =
        "oneDNN failed (status \(status.rawValue)); run again, or report it with the command"
    }
    throw TriscaleError.backend(operation: operation(), status: meaning)
  }
}
