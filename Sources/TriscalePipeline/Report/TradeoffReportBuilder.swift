import Foundation
import TriscaleAnalysis
import TriscaleArtifact
import TriscaleCore
import TriscaleDeploy

/// Builds the trade-off report of a finished pipeline run from what the run
/// left in its output folder: `pipeline.json` (every stage's figures, wall
/// time and configuration) and each stage's model file and generated
/// project. Nothing is trained or measured again, so `triscale report` gives
/// the same report for the same run.
public struct TradeoffReportBuilder {
  /// The run's output folder.
  public let runDirectory: String
  /// Its record.
  public let record: PipelineRecord
  /// The device profiles to estimate for.
  public let profiles: [DeviceProfile]

  /// The largest record file read (pipeline.json, report.json, cascade.json).
  static let recordLimit = 64 << 20

  /// A builder for the run in `runDirectory`, estimating for `profiles` (default: the run's
  /// `report: devices`, or every built-in profile).
  public init(runDirectory: String, profiles: [DeviceProfile]? = nil) throws {
    let path = runDirectory + "/pipeline.json"
    guard FileManager.default.fileExists(atPath: path) else {
      throw TriscaleError.invalidArgument(
        name: "run folder", problem: "\(runDirectory) has no pipeline.json",
        fix: "Give a pipeline's output folder (`output:` in its file), after `triscale run FILE`")
    }
    let data = try InputFile.read(
      path: path, what: "pipeline record", limit: Self.recordLimit,
      fix: "Run the pipeline again to rewrite it")
    do {
      record = try JSONDecoder().decode(PipelineRecord.self, from: data)
    } catch let error as DecodingError {
      throw TriscaleError.invalidFile(
        path: path, problem: "it is not a pipeline record (\(error.localizedDescription))",
        fix: "Run the pipeline again to rewrite it")
    }
    self.runDirectory = runDirectory
    if let profiles {
      self.profiles = profiles
    } else if let ids = record.report?.devices {
      self.profiles = try ids.map { try DeviceProfiles.profile(id: $0) }
    } else {
      self.profiles = DeviceProfiles.builtIn.sorted {
        (Self.preferredOrder.firstIndex(of: $0.id) ?? .max, $0.id)
          < (Self.preferredOrder.firstIndex(of: $1.id) ?? .max, $1.id)
      }
    }
  }

  /// The built-in profiles in the order the report lists them, each tier's reference device
  /// first: the host, the cloud GPU, the Raspberry Pi, the Orin Nano, then the STM32L4 (the
  /// Cortex-M4 class), the STM32H7 and the nRF5340.
  static let preferredOrder = [
    "host", "cloud-t4", "raspberry-pi-4", "jetson-orin-nano", "stm32l4r5", "stm32h7a3", "nrf5340",
  ]

  /// The report.
  public func build() throws -> TradeoffReport {
    let settings = record.report ?? ReportSettings()
    var notes: [String] = []
    var variants: [TradeoffVariant] = []
    for (stage, tier) in try variantStages(settings) {
      variants.append(try variant(stage, tier: tier, notes: &notes))
    }
    let scenarios = try (settings.scenarios ?? Scenario.builtIn.map(\.name)).map(ScenarioFile.named)
    let cascade = try record.stages.last { $0.kind == CascadeStage.kind }.map(cascadeEvaluation)
    if cascade == nil {
      notes.append("The pipeline has no cascade stage: the mobile-app scenario weighs no cascade.")
    }
    for tier in Tier.allCases where !variants.contains(where: { $0.tier == tier }) {
      notes.append("No variant for the \(tier.rawValue) tier: its column is left out of the table.")
    }
    let evaluation =
      record.stages.flatMap(\.record.metrics).first { $0.name == "top1" }?.subject
      ?? "the test split"
    return TradeoffReport(
      title: settings.title ?? "Trade-offs of \(record.pipeline)", pipeline: record.pipeline,
      host: record.host, date: record.finished, evaluation: evaluation, variants: variants,
      devices: profiles.map {
        TradeoffReport.Device(
          id: $0.id, name: $0.name, tier: Tier($0.tier), method: $0.methodSummary)
      }, scenarios: scenarios, cascade: cascade, notes: notes)
  }

  /// The stages whose models are variants, with their tiers, in pipeline order.
  func variantStages(_ settings: ReportSettings) throws -> [(PipelineRecord.StageRun, Tier)] {
    if let tiers = settings.tiers {
      return record.stages.compactMap { stage in tiers[stage.name].map { (stage, $0) } }
    }
    let deployed = Set(record.stages.filter { $0.kind == DeployMCUStage.kind }.compactMap(\.input))
    return try record.stages.compactMap { stage in
      guard stage.artifactID != nil, stage.kind != LatencyStage.kind,
        stage.kind != CascadeStage.kind, stage.record.metrics.contains(where: { $0.name == "top1" })
      else { return nil }
      let artifact = try self.artifact(of: stage)
      if case .float = artifact.weights {
        return (stage, stage.kind == PruneStage.kind ? .edge : .cloud)
      }
      return (stage, deployed.contains(stage.name) ? .microcontroller : .edge)
    }
  }

  /// The path of `file` among `stage`'s results: through the run folder's link to the stage,
  /// or in the cache folder the record names when the link is gone.
  private func path(of file: String, in stage: PipelineRecord.StageRun) -> String {
    let linked = "\(runDirectory)/\(stage.name)/\(file)"
    return FileManager.default.fileExists(atPath: linked) ? linked : "\(stage.folder)/\(file)"
  }

  func artifact(of stage: PipelineRecord.StageRun) throws -> ModelArtifact {
    try ModelArtifact.read(path: path(of: StageCache.artifactFile, in: stage))
  }

  private func stage(named name: String) -> PipelineRecord.StageRun? {
    record.stages.first { $0.name == name }
  }

  /// The stages that took `stage`'s model as input.
  private func consumers(of stage: PipelineRecord.StageRun, kind: String) -> [PipelineRecord
    .StageRun]
  {
    record.stages.filter { $0.input == stage.name && $0.kind == kind }
  }

  private func variant(_ stage: PipelineRecord.StageRun, tier: Tier, notes: inout [String]) throws
    -> TradeoffVariant
  {
    let artifact = try self.artifact(of: stage)
    let figures = try VariantFigures(artifact)
    let metrics = stage.record.metrics + artifact.card.metrics
    guard let top1 = metrics.first(where: { $0.name == "top1" }) else {
      throw TriscaleError.invalidArgument(
        name: "report tiers", problem: "stage '\(stage.name)' has no measured top-1 accuracy",
        fix:
          "Name a stage that evaluates its model (train, prune, quantize with evaluate, evaluate)")
    }
    let hostLatency = (consumers(of: stage, kind: LatencyStage.kind).last.map { [$0] } ?? [stage])
      .flatMap(\.record.metrics).last { $0.name == "latency_ms" }
    var mcuInstructions: [MCUTarget: Int] = [:]
    var memory = figures.peakMemory
    for deployment in consumers(of: stage, kind: DeployMCUStage.kind) {
      guard let report = try? mcuReport(of: deployment) else { continue }
      if let run = report.qemuRun {
        mcuInstructions[report.target] = run.instructionsPerImage
      } else {
        notes.append(
          "\(deployment.name): the generated C for \(report.target.rawValue) was not run under QEMU "
            + "(toolchain missing), so its latency is estimated from MACs, not instructions.")
      }
      memory = .measured(
        Double(report.budget.arenaBytes),
        method:
          "the generated project's arena for \(report.target.rawValue) (stage \(deployment.name))")
    }
    let workload = figures.workload(
      memoryBytes: Int(memory.value), mcuInstructions: mcuInstructions,
      hostLatencySeconds: hostLatency.map { $0.value / 1_000 })
    var targets: [TargetFigures] = []
    var refusals: [(profile: String, reason: String)] = []
    for profile in profiles {
      do {
        targets.append(TargetFigures(try profile.estimate(workload), profile: profile))
      } catch let error as DeviceProfileError {
        refusals.append((profile.id, Self.reason(error)))
      }
    }
    if !refusals.isEmpty {
      notes.append(
        "\(stage.name) is not estimated on "
          + refusals.map { "\($0.profile) (\($0.reason))" }.joined(separator: ", ") + ".")
    }
    return TradeoffVariant(
      name: stage.name, tier: tier,
      summary: "\(artifact.card.architecture), \(figures.precision) (\(stage.kind)"
        + (stage.input.map { " of \($0)" } ?? "") + ")",
      accuracy: .measured(top1.value, method: "\(top1.subject), \(top1.provenance.summary)"),
      sizeBytes: .measured(
        Double(figures.weightBytes), method: "\(figures.precision) weights of the model file"),
      peakMemoryBytes: memory, macs: figures.macs,
      hostLatencySeconds: hostLatency.map {
        .measured($0.value / 1_000, method: "\($0.subject), \($0.provenance.summary)")
      }, targets: targets, complexity: complexity(of: stage))
  }

  /// Why a profile gave no estimate, in a few words.
  private static func reason(_ error: DeviceProfileError) -> String {
    switch error {
    case .unsupportedPrecision(_, let precision, _): "no \(precision.rawValue) rate"
    case .invalidWorkload(let field, let problem, _): "\(field) \(problem)"
    default: "\(error)"
    }
  }

  private func mcuReport(of deployment: PipelineRecord.StageRun) throws -> MCUReport {
    let path = path(of: "\(DeployMCUStage.folderName)/\(MCUProject.reportName)", in: deployment)
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    return try decoder.decode(
      MCUReport.self,
      from: InputFile.read(
        path: path, what: "MCU project report", limit: Self.recordLimit,
        fix: "Run the deploy-mcu stage again (`triscale run FILE --force STAGE`)"))
  }

  /// The stages on `stage`'s path from the data (inputs and referenced models, recursively)
  /// and those that measured or deployed it; their settings, toolchains and wall time.
  func complexity(of stage: PipelineRecord.StageRun) -> DevelopmentComplexity {
    var path: [String] = []
    func visit(_ name: String) {
      guard !path.contains(name), let run = self.stage(named: name) else { return }
      if let input = run.input { visit(input) }
      for reference in (run.references ?? [:]).values.sorted() { visit(reference) }
      path.append(name)
    }
    visit(stage.name)
    let measuring = record.stages.filter {
      $0.input == stage.name && [LatencyStage.kind, DeployMCUStage.kind].contains($0.kind)
    }
    let runs = path.compactMap { self.stage(named: $0) } + measuring
    func keys(_ configuration: String?) -> Int {
      configuration.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) }
        .map { Self.leafCount($0) } ?? 0
    }
    var stages = runs.map(\.name)
    var settings = runs.reduce(0) { $0 + keys($1.configuration) }
    var kinds = Set(runs.map(\.kind))
    var wallSeconds = runs.reduce(0) { $0 + $1.record.seconds }
    var note: String?
    // A loaded model was made elsewhere: count the stage its card names (one level deep).
    for run in runs where run.kind == LoadStage.kind {
      guard let card = try? artifact(of: run).card, card.lineage.stage != LoadStage.kind else {
        continue
      }
      stages.append("\(run.name): \(card.lineage.stage) (from the model file's card)")
      settings += keys(card.lineage.configuration)
      kinds.insert(card.lineage.stage)
      wallSeconds += card.metrics.filter { $0.name.hasSuffix("_seconds") }.map(\.value).reduce(0, +)
      note =
        "loaded models count the stage their card names (its settings and recorded seconds), "
        + "not the runs before it"
    }
    var toolchains = ["swift (triscale)"]
    if !kinds.isDisjoint(with: [
      TrainStage.kind, DistillStage.kind, PruneStage.kind, SearchStage.kind,
    ]) {
      toolchains.append("oneDNN")
    }
    if kinds.contains(QuantizeStage.kind) { toolchains.append("int8 runtime (C kernels)") }
    if kinds.contains(DeployMCUStage.kind) {
      toolchains += ["arm-none-eabi-gcc", "qemu-system-arm"]
    }
    return DevelopmentComplexity(
      stages: stages, tunableParameters: settings, toolchains: toolchains,
      wallSeconds: wallSeconds, note: note)
  }

  /// Scalar settings in a configuration's JSON (nested parts counted key by key).
  private static func leafCount(_ value: Any) -> Int {
    if let mapping = value as? [String: Any] {
      return mapping.values.reduce(0) { $0 + leafCount($1) }
    }
    return 1
  }

  private func cascadeEvaluation(_ stage: PipelineRecord.StageRun) throws -> CascadeEvaluation {
    let path = path(of: CascadeStage.file, in: stage)
    var cascade = try JSONDecoder().decode(
      CascadeEvaluation.self,
      from: InputFile.read(
        path: path, what: "cascade evaluation", limit: Self.recordLimit,
        fix: "Run the cascade stage again (`triscale run FILE --force STAGE`)"))
    // The report names variants by stage: the cascade's models are its input and `second`.
    if let first = stage.input { cascade.first = first }
    if let second = stage.references?[CascadeStage.Settings.CodingKeys.second.stringValue] {
      cascade.second = second
    }
    return cascade
  }
}
