import Foundation
import TriscaleArtifact
import TriscaleCore
import TriscaleData
import TriscaleDeploy
import TriscaleGraph
import TriscaleInt8

/// Generates a standalone C99 project for a microcontroller from an int8
/// model (``MCUProject``) and, when asked, builds it and runs it on test
/// images against the host runtime (``MCUAgreement``).
public enum DeployMCUStage: ModelInputStage {
  /// The stage kind in pipeline files.
  public static let kind = "deploy-mcu"
  /// The name of the folder it writes.
  public static let folderName = "mcu"

  /// What to generate and whether to run it.
  public struct Settings: ConfigurationPart {
    /// cortex-m4, cortex-m7, cortex-m33 or host.
    public var target = MCUTarget.cortexM4.rawValue
    /// The kernels the generated code calls: dsp or reference (nil: the
    /// target's default, ``MCUTarget/defaultKernels``).
    public var kernels: String?
    /// Test images to build and run the project on (0: generate only).
    public var runImages = 0
    /// What to do when `run-images` asks for a run and `arm-none-eabi-gcc` or
    /// `qemu-system-arm` is missing: `fail` (the default) or `skip` (generate the project, say
    /// that it was not run, and run it on a later call once the tools are installed).
    public var ifToolsMissing = "fail"

    /// The defaults.
    public init() {}

    /// The keys, which are the command-line flag names.
    public enum CodingKeys: String, CodingKey, CaseIterable {
      case target, kernels
      case runImages = "run-images"
      case ifToolsMissing = "if-tools-missing"
    }
  }

  /// `triscale deploy mcu`'s flags (the paths aside).
  public struct Configuration: FlatConfiguration {
    /// What to generate and run.
    public var settings = Settings()
    /// The test images of a run.
    public var data = DatasetConfiguration()

    /// The defaults.
    public init() {}

    /// target, kernels, run-images and the data keys.
    public static let parts = [PartAccess(\Configuration.settings), PartAccess(\.data)]

    /// Checks the target, kernels, image count and, for a run, the data.
    public func validate() throws {
      guard MCUTarget(rawValue: settings.target) != nil else {
        throw TriscaleError.invalidArgument(
          name: "--target", problem: "'\(settings.target)' is not a microcontroller target",
          fix: "Use one of: \(MCUTarget.allCases.map(\.rawValue).joined(separator: ", "))")
      }
      if let kernels = settings.kernels, MCUKernelChoice(rawValue: kernels) == nil {
        throw TriscaleError.invalidArgument(
          name: "--kernels", problem: "'\(kernels)' is not a kernel set",
          fix: "Use one of: \(MCUKernelChoice.allCases.map(\.rawValue).joined(separator: ", "))")
      }
      try Bounds.check(
        settings.runImages, in: 0...1_000_000, name: "--run-images",
        fix: "Use 0 to generate only, or a number of test images such as 1000")
      if settings.runImages > 0 { try data.validate() }
      guard ["fail", "skip"].contains(settings.ifToolsMissing) else {
        throw TriscaleError.invalidArgument(
          name: "--if-tools-missing", problem: "'\(settings.ifToolsMissing)' is not fail or skip",
          fix: "Use fail (stop) or skip (generate only and say so)")
      }
    }

    /// The data's fingerprint when the stage runs images.
    public func externalFingerprint() throws -> String {
      guard settings.runImages > 0 else { return "" }
      // A run skipped for missing tools is not reused once they are installed.
      let tools =
        settings.ifToolsMissing == "skip"
        ? MCUProjectRun.missingTools(for: MCUTarget(rawValue: settings.target) ?? .cortexM4)
          .joined(separator: ",") : ""
      return try data.fingerprint() + tools
    }
  }

  /// Generates the project into ``StageContext/filePath`` of ``folderName``
  /// and, with `run-images`, builds and runs it.
  public static func run(
    _ configuration: Configuration, input: ModelArtifact, context: StageContext
  ) throws -> StageOutput {
    try configuration.validate()
    let started = Date()
    let target = MCUTarget(rawValue: configuration.settings.target) ?? .cortexM4
    let kernels = configuration.settings.kernels.flatMap(MCUKernelChoice.init(rawValue:))
    let model = try input.int8Model(
      for: "deploy mcu", fix: "Quantize it first with `triscale quantize`")
    let prepared = try Int8PreparedModel(model: model)
    let project = try MCUProject(prepared: prepared, target: target, kernels: kernels)
    let runImages = configuration.settings.runImages
    let missing = runImages > 0 ? MCUProjectRun.missingTools(for: target) : []
    if !missing.isEmpty, configuration.settings.ifToolsMissing == "fail" {
      // Refused before anything is written.
      throw TriscaleError.invalidArgument(
        name: "--run-images", problem: "\(missing.joined(separator: ", ")) not found",
        fix:
          "Install them with scripts/install-system-deps.sh, generate only (--run-images 0), or "
          + "generate and say so (--if-tools-missing skip)")
    }
    let path = context.filePath(folderName)
    try project.write(to: path)
    let budget = project.report.budget
    let subject = "\(model.name) on \(target.rawValue) (\(target.profile.name))"
    let estimated = Provenance.estimated(
      profile: target.profile.name, method: "Triscale's greedy arena plan and constant sizes")
    var metrics = [
      Metric(
        name: "arena_bytes", value: Double(budget.arenaBytes), unit: "bytes", subject: subject,
        provenance: estimated),
      Metric(
        name: "constant_bytes", value: Double(budget.constantBytes), unit: "bytes",
        subject: subject, provenance: estimated),
    ]
    var lines = [
      "wrote \(path): \(model.name) for \(target.rawValue) with the \(project.report.kernels.rawValue) kernels, arena \(budget.arenaBytes) bytes (scratch \(budget.scratchBytes)), constants \(budget.constantBytes) bytes, \(project.report.macs) MACs"
    ]
    if !missing.isEmpty {
      lines.append(
        "not built or run: \(missing.joined(separator: " and ")) not found (scripts/install-system-deps.sh installs them)"
      )
    } else if runImages > 0 {
      let run = try Self.measure(
        configuration, project: project, prepared: prepared, input: input, at: path,
        subject: subject, context: context)
      metrics += run.metrics
      lines += run.lines
    }
    let record = StageRecord(
      kind: kind, metrics: metrics, lines: lines, seconds: Date().timeIntervalSince(started))
    return StageOutput(artifact: nil, files: [folderName: path], record: record)
  }

  /// Builds the project at `path`, runs it on the test images and compares.
  private static func measure(
    _ configuration: Configuration, project: MCUProject, prepared: Int8PreparedModel,
    input: ModelArtifact, at path: String, subject: String, context: StageContext
  ) throws -> (metrics: [Metric], lines: [String]) {
    let target = project.target
    let sizes = try MCUProjectRun.build(directory: path, target: target)
    let data = configuration.data
    let test = try data.load(.test)
    let normalization = try input.card.normalization ?? data.normalization(train: data.load(.train))
    let agreement = try MCUAgreement(
      directory: path, target: target, prepared: prepared, dataset: test,
      normalization: normalization, count: configuration.settings.runImages)
    let measured = context.measured
    var metrics = [
      Metric(
        name: "identical_images", value: Double(agreement.identicalImages), unit: "images",
        subject: "\(subject) vs Int8Executor, \(agreement.images) \(test.name) images",
        provenance: measured),
      Metric(
        name: "accuracy", value: agreement.accuracy, unit: "fraction",
        subject: "\(subject), \(agreement.images) \(test.name) images", provenance: measured),
    ]
    var lines = [
      String(
        format: "%@: %d of %d images identical to Int8Executor, top-1 %.2f%% (host runtime %.2f%%)",
        target.rawValue, agreement.identicalImages, agreement.images, agreement.accuracy * 100,
        agreement.hostAccuracy * 100)
    ]
    if let sizes {
      metrics.append(
        Metric(
          name: "flash_bytes", value: Double(sizes.flashBytes), unit: "bytes",
          subject: "\(subject), arm-none-eabi-size", provenance: measured))
      metrics.append(
        Metric(
          name: "model_flash_bytes", value: Double(sizes.weightBytes + sizes.modelCodeBytes),
          unit: "bytes", subject: "\(subject), weights and the model's own code (linker map)",
          provenance: measured))
      lines.append(
        "flash \(sizes.flashBytes) bytes (code \(sizes.codeBytes), of which the model and its kernels \(sizes.modelCodeBytes); weights \(sizes.weightBytes), rodata \(sizes.rodataBytes), data \(sizes.dataBytes)), bss \(sizes.bssBytes) bytes"
      )
    }
    if let instructions = agreement.run.instructions, let stack = agreement.run.stackBytes {
      let perImage = Double(instructions) / Double(max(agreement.images, 1))
      let macs = Double(project.report.macs)
      metrics.append(
        Metric(
          name: "instructions_per_image", value: perImage, unit: "instructions",
          subject:
            "\(subject), QEMU -icount shift=0 (timer ticks x \(target.profile.qemuInstructionsPerTick ?? 0))",
          provenance: measured))
      metrics.append(
        Metric(
          name: "stack_bytes", value: Double(stack), unit: "bytes",
          subject: "\(subject), high-water mark under QEMU", provenance: measured))
      lines.append(
        String(
          format:
            "QEMU: %.0f instructions per image (-icount shift=0), %.3f MACs per instruction, stack high-water %d bytes",
          perImage, macs / perImage, stack))
    }
    if agreement.identicalImages != agreement.images {
      throw TriscaleError.numerical(
        problem:
          "\(agreement.images - agreement.identicalImages) of \(agreement.images) images differ from Int8Executor on \(target.rawValue) (project kept at \(path))",
        fix: "Report it: the generated code must be bit-exact with the host runtime")
    }
    return (metrics, lines)
  }
}
