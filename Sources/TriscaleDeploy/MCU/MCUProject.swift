import Foundation
import TriscaleCore
import TriscaleGraph
import TriscaleInt8

/// A standalone C99 project for one int8 model on one target, generated from
/// its ``Int8PreparedModel`` (the parameters the host runtime runs, so both
/// agree bit for bit): `model.h`, `model.c`, the reference kernel sources it
/// calls, `main.c`, a `Makefile`, for a bare-metal target `board.ld` and
/// `startup.s`, and `report.json`. A model that does not fit the target's
/// profile is refused before anything is written.
public struct MCUProject: Sendable {
  /// The target it builds for.
  public let target: MCUTarget
  /// The arena layout.
  public let plan: MemoryPlan
  /// The convolution → residual add pairs it runs fused, row by row.
  public let fusions: [ResidualFusion]
  /// What it needs and calls.
  public let report: MCUReport
  /// Every file but `report.json`: name → text.
  public let files: [String: String]

  /// The name of the report, also the marker of a folder this generator wrote.
  public static let reportName = "report.json"

  /// Generates the project of `prepared` for `target`, calling `kernels`
  /// (by default the target's ``MCUTarget/defaultKernels``), running
  /// `fusions` row by row (by default every pair ``ResidualFusion/all(in:)``
  /// finds), with its arena laid out by `plan` (by default
  /// ``plan(for:kernels:fusing:)`` of those fusions; a plan given here must
  /// have been made with them). Throws one line naming the budget, the need
  /// and the peak layer when the model does not fit the profile.
  public init(
    prepared: Int8PreparedModel, target: MCUTarget, kernels: MCUKernelChoice? = nil,
    fusing fusions: [ResidualFusion]? = nil, plan: MemoryPlan? = nil
  ) throws {
    let kernels = kernels ?? target.defaultKernels
    guard kernels.runs(on: target) else {
      throw TriscaleError.invalidArgument(
        name: "--kernels",
        problem: "the \(kernels.rawValue) kernels do not run on \(target.rawValue)",
        fix: "Use --kernels reference for \(target.rawValue)")
    }
    let fusions = fusions ?? ResidualFusion.all(in: prepared.model)
    let plan = plan ?? Self.plan(for: prepared, kernels: kernels, fusing: fusions)
    let report = Self.report(
      prepared: prepared, target: target, kernels: kernels, fusions: fusions, plan: plan)
    try report.budget.check(model: prepared.model.name, target: target)
    self.target = target
    self.plan = plan
    self.fusions = fusions
    self.report = report
    let model = MCUModelSource(
      prepared: prepared, plan: plan, fusions: fusions, kernels: kernels, target: target)
    let kernelFiles = kernels.sources(
      named: Set(prepared.operations.flatMap { kernels.sourceFiles(for: $0.kernel) }))
    var files = ["model.h": model.header, "model.c": model.source, "main.c": MCUBoardFiles.main]
    for file in kernelFiles { files[file.name] = file.text }
    let sources = ["model.c", "main.c"] + kernelFiles.map(\.name).filter { $0.hasSuffix(".c") }
    files["Makefile"] = MCUBoardFiles.makefile(target: target, sources: sources)
    if target.profile.isBareMetal {
      files["board.ld"] = MCUBoardFiles.linkerScript(profile: target.profile, target: target)
      files["startup.s"] = MCUBoardFiles.startup
    }
    self.files = files
  }

  /// The arena plan the generator uses by default: TensorFlow Lite Micro's
  /// greedy plan (``MemoryPlan``) of the activations and the scratch
  /// `kernels` ask for, at `kernels`' alignment, with `fusions` run row by
  /// row (each add's sum in place of its skip tensor).
  public static func plan(
    for prepared: Int8PreparedModel, kernels: MCUKernelChoice, fusing fusions: [ResidualFusion]
  ) -> MemoryPlan {
    MemoryPlan(
      model: prepared.model,
      scratchByteCounts: prepared.operations.map { kernels.scratchByteCount(for: $0) },
      fusing: fusions, alignment: kernels.alignment)
  }

  /// The report of the project ``init(prepared:target:kernels:fusing:plan:)``
  /// generates by default for `prepared` on `target` (its default kernels,
  /// every residual fusion, the default plan), without checking that it fits
  /// the target's profile and without generating any file: the figures of a
  /// model over budget too, as the architecture search reads them.
  public static func report(prepared: Int8PreparedModel, target: MCUTarget) -> MCUReport {
    let kernels = target.defaultKernels
    let fusions = ResidualFusion.all(in: prepared.model)
    return report(
      prepared: prepared, target: target, kernels: kernels, fusions: fusions,
      plan: plan(for: prepared, kernels: kernels, fusing: fusions))
  }

  /// The report of `prepared` on `target` with `kernels`, `fusions` and `plan`.
  private static func report(
    prepared: Int8PreparedModel, target: MCUTarget, kernels: MCUKernelChoice,
    fusions: [ResidualFusion], plan: MemoryPlan
  ) -> MCUReport {
    MCUReport(
      prepared: prepared, target: target, kernels: kernels,
      budget: MCUMemoryBudget(prepared: prepared, plan: plan, profile: target.profile), plan: plan,
      fusions: fusions)
  }

  /// `report` as the JSON of `report.json`.
  public static func encoded(_ report: MCUReport) throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    encoder.keyEncodingStrategy = .convertToSnakeCase
    return try encoder.encode(report) + Data("\n".utf8)
  }

  /// Writes the project as the folder `path`: all files into a temporary
  /// folder, then renamed into place (an earlier project there is replaced;
  /// any other existing path is refused).
  public func write(to path: String) throws {
    var data = files.mapValues { Data($0.utf8) }
    data[Self.reportName] = try Self.encoded(report)
    try AtomicDirectory.write(data, to: path, marker: Self.reportName)
  }
}
