import TriscaleCore
import TriscaleData
import TriscaleDeploy
import TriscaleGraph
import TriscaleInt8

/// What one architecture needs on the search's microcontroller target, read
/// from the project the C generator would write for it — not from a formula:
/// the architecture is built, initialised, quantized to int8 with
/// post-training calibration, prepared, and planned by ``MCUProject`` (its
/// report, without the board check, so that an architecture over budget
/// still gets its figures).
public struct CandidateFigures: Codable, Equatable, Sendable {
  /// Bytes of the planned arena (activations and kernel scratch): the budget's `ram`.
  public var arenaBytes: Int
  /// Bytes of kernel scratch inside the arena.
  public var scratchBytes: Int
  /// Bytes of flash (constants plus the code allowance): the budget's `flash`.
  public var flashBytes: Int
  /// Bytes of constants in flash (int8 weights, int32 biases, multipliers, params).
  public var constantBytes: Int
  /// Multiply-accumulates per image.
  public var macs: Int
  /// Trainable parameters of the float graph.
  public var parameters: Int
  /// Whether the project fits the target's board profile (its RAM with stack,
  /// heap and image buffers, and its flash).
  public var fitsTarget: Bool
}

extension CandidateFigures {
  /// The figures of `report` for a graph of `parameters` trainable parameters.
  public init(report: MCUReport, parameters: Int) {
    let budget = report.budget
    (arenaBytes, scratchBytes, flashBytes) = (
      budget.arenaBytes, budget.scratchBytes, budget.flashBytes
    )
    (constantBytes, macs, self.parameters) = (budget.constantBytes, report.macs, parameters)
    fitsTarget = (try? budget.check(model: report.model, target: report.target)) != nil
  }

  /// Measures `architecture` for images like `calibration`'s on `target`:
  /// parameters initialised from `seed`, int8 ranges calibrated (min-max) on
  /// `calibration`'s images normalized with `normalization`.
  public static func measure(
    _ architecture: MicroArchitecture, calibration: Dataset, normalization: Normalization,
    target: MCUTarget, seed: UInt64
  ) throws -> CandidateFigures {
    let graph = try architecture.graph(
      inputShape: calibration.imageShape, classCount: calibration.classCount)
    return try measure(
      graph: graph, parameters: ParameterStore(initializing: graph, seed: seed),
      calibration: calibration, normalization: normalization, target: target)
  }

  /// Measures `graph` with `parameters` on `target`, its int8 ranges
  /// calibrated (min-max) on `calibration`'s images normalized with `normalization`.
  public static func measure(
    graph: Graph, parameters: ParameterStore, calibration: Dataset, normalization: Normalization,
    target: MCUTarget
  ) throws -> CandidateFigures {
    let model = try PostTrainingQuantizer.quantize(
      graph: graph, parameters: parameters, calibration: calibration,
      normalization: normalization, images: calibration.count)
    let report = MCUProject.report(prepared: try Int8PreparedModel(model: model), target: target)
    return CandidateFigures(report: report, parameters: graph.trainableParameterCount)
  }
}
