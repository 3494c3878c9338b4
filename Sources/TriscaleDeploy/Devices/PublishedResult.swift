/// A published latency (and energy, when measured) of one benchmark model on
/// the profile's board: the figure a profile is calibrated on, or the one
/// its estimate is checked against.
public struct PublishedResult: Codable, Sendable, Equatable {
  /// What the result is used for.
  public enum Role: String, Codable, Sendable {
    /// The model's free parameter was fitted to this result.
    case calibration
    /// The estimate is checked against this result (never fitted to it).
    case validation
  }

  /// Calibration or validation.
  public var role: Role
  /// The benchmark ("vww", "ic").
  public var benchmark: String
  /// The zoo model that is the benchmark's network ("mobilenet-v1-vww", "resnet8").
  public var model: String
  /// The inference engine of the published run ("TFLite Micro v2.3.1 + CMSIS-NN").
  public var engine: String
  /// Seconds per inference (the median of the published run).
  public var latencySeconds: Sourced<Double>
  /// Joules per inference, when the run measured energy.
  public var energyJoules: Sourced<Double>?
  /// QEMU instructions per image of Triscale's generated code for `model` on the
  /// profile's core, as measured when the profile was calibrated (calibration only).
  public var qemuInstructions: Int?

  /// A result from its parts.
  public init(
    role: Role, benchmark: String, model: String, engine: String,
    latencySeconds: Sourced<Double>, energyJoules: Sourced<Double>? = nil,
    qemuInstructions: Int? = nil
  ) {
    self.role = role
    self.benchmark = benchmark
    self.model = model
    self.engine = engine
    self.latencySeconds = latencySeconds
    self.energyJoules = energyJoules
    self.qemuInstructions = qemuInstructions
  }

  enum CodingKeys: String, CodingKey {
    case role, benchmark, model, engine
    case latencySeconds = "latency-seconds"
    case energyJoules = "energy-joules"
    case qemuInstructions = "qemu-instructions"
  }
}
