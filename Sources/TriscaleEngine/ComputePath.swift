/// What a ``FloatExecutor`` computes with: per layer, the operation and the
/// kernel oneDNN chose for it (or `swift` for layers written in Swift), and
/// whether it computes in the executor's precision or in fp32 between
/// conversions.
public struct ComputePath: Sendable, CustomStringConvertible {
  /// The precision activations are stored in.
  public let precision: Precision
  /// Layers computing in ``precision``, one "operation kernel" entry each
  /// (e.g. `conv2d brgconv:avx512_core_bf16`); for fp32, every layer.
  public let native: [String]
  /// Layers computing in fp32 on activations converted from and back to
  /// ``precision``: no kernel for the precision on this CPU, or written in Swift.
  public let widened: [String]

  /// One line: the precision, where it computes, and the kernels by count.
  public var description: String {
    let name = precision.rawValue
    if widened.isEmpty { return "\(name) compute: \(ComputePath.summary(native))" }
    if native.isEmpty {
      return
        "\(name) storage, fp32 compute (no \(name) kernels on this CPU): \(ComputePath.summary(widened))"
    }
    return """
      \(name) compute in \(native.count) of \(native.count + widened.count) layers: \(ComputePath.summary(native)); \
      fp32 compute between \(name) conversions in the rest: \(ComputePath.summary(widened))
      """
  }

  /// `entries` grouped in first-seen order, with "×count" where one repeats.
  private static func summary(_ entries: [String]) -> String {
    var order: [String] = []
    var counts: [String: Int] = [:]
    for entry in entries {
      if counts[entry] == nil { order.append(entry) }
      counts[entry, default: 0] += 1
    }
    return order.map { entry in
      let count = counts[entry, default: 1]
      return count > 1 ? "\(entry) ×\(count)" : entry
    }.joined(separator: ", ")
  }
}
