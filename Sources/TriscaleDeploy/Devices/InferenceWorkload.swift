/// What one inference of a model variant costs, the input of
/// ``DeviceProfile/estimate(_:)``: its MACs and precision, its memory, and
/// what was measured of it (QEMU instruction counts per core, the host latency).
public struct InferenceWorkload: Codable, Sendable, Equatable {
  /// Multiply-accumulates per image.
  public var macs: Int
  /// The precision it computes in.
  public var precision: InferencePrecision
  /// Bytes of weights and constants (flash on a microcontroller).
  public var weightBytes: Int
  /// Peak bytes of activations and scratch alive at once (the arena).
  public var peakMemoryBytes: Int
  /// Instructions per image under QEMU `-icount` per core, when the variant was run there.
  public var mcuInstructions: [MCUTarget: Int]
  /// Seconds per image measured on this host, when measured.
  public var hostLatencySeconds: Double?

  /// A workload from its parts.
  public init(
    macs: Int, precision: InferencePrecision, weightBytes: Int, peakMemoryBytes: Int,
    mcuInstructions: [MCUTarget: Int] = [:], hostLatencySeconds: Double? = nil
  ) {
    self.macs = macs
    self.precision = precision
    self.weightBytes = weightBytes
    self.peakMemoryBytes = peakMemoryBytes
    self.mcuInstructions = mcuInstructions
    self.hostLatencySeconds = hostLatencySeconds
  }
}
