import TriscaleCore
import TriscaleGraph
import TriscaleInt8

/// What a generated project needs from a board, computed before anything is
/// written, and the check that it fits the profile's flash and RAM.
public struct MCUMemoryBudget: Codable, Equatable, Sendable {
  /// Bytes of the planned arena (activations and scratch).
  public var arenaBytes: Int
  /// Bytes of scratch buffers inside the arena.
  public var scratchBytes: Int
  /// Bytes of RAM needed: the arena, the example's image buffers, the stack
  /// and the heap the profile reserves.
  public var ramBytes: Int
  /// Bytes of constants in flash: weights, biases, multipliers, shifts and params structs.
  public var constantBytes: Int
  /// Bytes of flash needed: the constants and ``MCUBoardProfile/codeAllowanceBytes``.
  public var flashBytes: Int
  /// The step at which the most activation bytes are alive at once.
  public var peakStep: Int
  /// The layer that step writes.
  public var peakLayer: String
  /// The bytes alive at that step.
  public var peakLiveBytes: Int
  /// The layer with the most constant bytes.
  public var largestConstantLayer: String
  /// Its constant bytes.
  public var largestConstantBytes: Int

  /// The needs of `prepared` with its arena laid out by `plan` on `profile`.
  public init(prepared: Int8PreparedModel, plan: MemoryPlan, profile: MCUBoardProfile) {
    let model = prepared.model
    arenaBytes = plan.arenaByteCount
    scratchBytes = plan.buffers[model.tensors.count...].reduce(0) { $0 + $1.byteCount }
    ramBytes =
      arenaBytes + model.input.elementCount + model.output.elementCount + profile.stackBytes
      + profile.heapBytes
    constantBytes = prepared.operations.reduce(0) { $0 + $1.constantByteCount }
    let largest = prepared.operations.max { $0.constantByteCount < $1.constantByteCount }
    largestConstantLayer = largest.map { model.tensors[$0.output].name } ?? model.input.name
    largestConstantBytes = largest?.constantByteCount ?? 0
    flashBytes = constantBytes + MCUBoardProfile.codeAllowanceBytes
    let live = prepared.operations.indices.map(plan.liveByteCount(at:))
    peakStep = live.indices.max { live[$0] < live[$1] } ?? 0
    peakLiveBytes = live.isEmpty ? 0 : live[peakStep]
    peakLayer =
      prepared.operations.isEmpty
      ? model.input.name
      : model.tensors[prepared.operations[peakStep].output].name
  }

  /// Whether the needs fit `profile`'s RAM and flash (its stack and heap
  /// reserves as this budget counted them).
  func fits(_ profile: MCUBoardProfile) -> Bool {
    ramBytes <= profile.ramBytes && flashBytes <= profile.flashBytes
  }

  /// Throws one line naming the budget, what the model needs and the layer
  /// that sets the peak when the model does not fit `target`'s profile.
  public func check(model: String, target: MCUTarget) throws {
    let profile = target.profile
    let fitting = MCUTarget.allCases.filter {
      $0.profile.isBareMetal && fits($0.profile)
    }
    let fix =
      fitting.isEmpty
      ? "No Cortex-M profile fits it: use a smaller model"
      : "Use a smaller model, or a target it fits: \(fitting.map(\.rawValue).joined(separator: ", "))"
    if ramBytes > profile.ramBytes {
      throw TriscaleError.invalidModel(
        problem:
          "\(model) needs \(ramBytes) bytes of RAM on \(target.rawValue), more than its \(profile.ramBytes)-byte budget (\(profile.name)): a \(arenaBytes)-byte arena, whose peak is \(peakLiveBytes) bytes alive at layer '\(peakLayer)' (step \(peakStep)), plus \(ramBytes - arenaBytes) bytes of stack, heap and image buffers",
        fix: fix)
    }
    if flashBytes > profile.flashBytes {
      throw TriscaleError.invalidModel(
        problem:
          "\(model) needs \(flashBytes) bytes of flash on \(target.rawValue), more than its \(profile.flashBytes)-byte budget (\(profile.name)): \(constantBytes) bytes of weights and constants (the most, \(largestConstantBytes), at layer '\(largestConstantLayer)') plus \(MCUBoardProfile.codeAllowanceBytes) for code",
        fix: fix)
    }
  }
}
