import TriscaleGraph
import TriscaleInt8

/// `report.json` of a generated project: what the generator planned
/// (arena, scratch, RAM and flash needs, MACs, one entry per operation) and,
/// once the project is built and run, what `arm-none-eabi-size` and QEMU measured.
public struct MCUReport: Codable, Equatable, Sendable {
  /// One operation of the call sequence.
  public struct Operation: Codable, Equatable, Sendable {
    /// Its position in the call sequence.
    public var index: Int
    /// The layer (the tensor it writes).
    public var layer: String
    /// The C function it calls.
    public var function: String
    /// Multiply-accumulates per image.
    public var macs: Int
    /// Bytes of its constants in flash.
    public var constantBytes: Int
    /// The add it runs inside, row by row, when fused (``ResidualFusion``).
    public var fusedInto: Int?
  }

  /// What a run under QEMU measured.
  public struct QEMURun: Codable, Equatable, Sendable {
    /// Images run.
    public var images: Int
    /// Executed instructions in `triscale_model_invoke` per image
    /// (`-icount shift=0`, to within one timer tick).
    public var instructionsPerImage: Int
    /// The stack high-water mark of the first image.
    public var stackBytes: Int
  }

  /// Always "triscale".
  public var generator = "triscale"
  /// The report's format version.
  public var formatVersion = 1
  /// The model's name.
  public var model: String
  /// The target.
  public var target: MCUTarget
  /// The board profile it was checked against.
  public var board: MCUBoardProfile
  /// The kernels it calls.
  public var kernels: MCUKernelChoice
  /// Multiply-accumulates per image.
  public var macs: Int
  /// What it needs (estimated before building, from the plan and the constants).
  public var budget: MCUMemoryBudget
  /// The arena plan: every buffer's place and lifetime, the fused pairs.
  public var plan: MCUPlanReport
  /// The call sequence.
  public var operations: [Operation]
  /// The built image's sections, once measured.
  public var measured: MCUSectionSizes?
  /// The last run under QEMU, once run.
  public var qemuRun: QEMURun?

  /// The report of `prepared`'s project for `target`.
  init(
    prepared: Int8PreparedModel, target: MCUTarget, kernels: MCUKernelChoice,
    budget: MCUMemoryBudget, plan: MemoryPlan, fusions: [ResidualFusion]
  ) {
    model = prepared.model.name
    self.target = target
    board = target.profile
    self.kernels = kernels
    self.budget = budget
    self.plan = MCUPlanReport(plan: plan, fusions: fusions, model: prepared.model)
    let fusedInto = Dictionary(uniqueKeysWithValues: fusions.map { ($0.convolution, $0.add) })
    operations = prepared.operations.enumerated().map { index, operation in
      Operation(
        index: index, layer: prepared.model.tensors[operation.output].name,
        function: fusedInto[index] == nil
          ? kernels.function(for: operation.kernel) : kernels.convolutionRowsFunction,
        macs: operation.kernel.macCount, constantBytes: operation.constantByteCount,
        fusedInto: fusedInto[index])
    }
    macs = operations.reduce(0) { $0 + $1.macs }
  }
}

extension Int8PreparedOperation {
  /// Bytes of its constants in a generated project: int8 weights, int32
  /// biases, multipliers and shifts, and its params struct's int32 fields.
  var constantByteCount: Int {
    weights.count + 4 * (bias.count + multipliers.count + shifts.count)
      + 4 * (kernel.cInitializer?.fields.count ?? 0)
  }
}
