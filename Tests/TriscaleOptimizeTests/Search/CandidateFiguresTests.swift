import Testing
import TriscaleCore
import TriscaleData
import TriscaleDeploy
import TriscaleGraph
import TriscaleInt8

@testable import TriscaleOptimize

@Suite("Candidate figures")
struct CandidateFiguresTests {
  static let calibration = SyntheticDataset.standard(split: .train).prefix(8)

  /// The project `MCUProject` generates for `architecture`, built the long way round.
  static func project(_ architecture: MicroArchitecture, target: MCUTarget) throws -> MCUProject {
    let graph = try architecture.graph()
    let model = try PostTrainingQuantizer.quantize(
      graph: graph, parameters: ParameterStore(initializing: graph, seed: 3),
      calibration: calibration, normalization: .fit(calibration), images: 8)
    return try MCUProject(prepared: Int8PreparedModel(model: model), target: target)
  }

  @Test(
    "figures equal those of the project the generator writes for the same genome",
    arguments: [
      MicroArchitecture.resnet8,
      MicroArchitecture(
        widths: [8, 24, 16], depths: [2, 1, 1], kernel: 5, block: .separable, residual: true,
        stemStride: 2),
      MicroArchitecture(
        widths: [12, 12, 32], depths: [1, 1, 2], kernel: 3, block: .separable, residual: false,
        stemStride: 1),
    ])
  func matchGenerator(architecture: MicroArchitecture) throws {
    let figures = try CandidateFigures.measure(
      architecture, calibration: Self.calibration, normalization: .fit(Self.calibration),
      target: .cortexM4, seed: 3)
    let report = try Self.project(architecture, target: .cortexM4).report
    #expect(figures.arenaBytes == report.budget.arenaBytes)
    #expect(figures.scratchBytes == report.budget.scratchBytes)
    #expect(figures.flashBytes == report.budget.flashBytes)
    #expect(figures.constantBytes == report.budget.constantBytes)
    #expect(figures.macs == report.macs)
    #expect(figures.parameters == (try architecture.graph()).trainableParameterCount)
    #expect(figures.fitsTarget)
    #expect(figures.macs == (try architecture.graph()).multiplyAccumulates)
  }

  @Test("an architecture too big for the board still gets its figures, marked as not fitting")
  func overBoard() throws {
    let big = MicroArchitecture(widths: [128, 128, 128], depths: [1, 1, 1])
    #expect(throws: TriscaleError.self) { try Self.project(big, target: .cortexM4) }
    let figures = try CandidateFigures.measure(
      big, calibration: Self.calibration, normalization: .fit(Self.calibration),
      target: .cortexM4, seed: 3)
    #expect(!figures.fitsTarget)
    #expect(figures.arenaBytes > 128 * 1024)
    #expect(!SearchBudget().admits(figures))
    #expect(
      figures.arenaBytes == (try Self.project(big, target: .host)).report.budget.arenaBytes)
  }
}
