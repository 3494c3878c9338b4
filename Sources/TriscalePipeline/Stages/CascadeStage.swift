import Foundation
import TriscaleAnalysis
import TriscaleArtifact
import TriscaleCore
import TriscaleData
import TriscaleDeploy
import TriscaleEngine

/// Evaluates a two-model cascade on the test split: its input (the small,
/// on-device model) answers first, the `second` model (a stage above, or a
/// model file) answers the images it is unsure of. Both models' logits are
/// computed once; every threshold of three confidence rules is swept, one is
/// chosen on the first `calibration-images` test images and judged on the
/// rest (``CascadeEvaluation``). Latency and energy per path come from the
/// device profiles `device` (first model) and `remote` (second model) and the
/// stated network figures. Writes `cascade.json`, which the report reads.
public enum CascadeStage: ModelInputStage {
  /// The stage kind in pipeline files.
  public static let kind = "cascade"
  /// The file it writes.
  public static let file = "cascade.json"
  /// The key naming the second model: a stage above this one in a pipeline.
  public static let modelReferenceKeys = [Settings.CodingKeys.second.stringValue]

  /// How to evaluate the cascade.
  public struct Settings: ConfigurationPart {
    /// The second model: a stage above (in a pipeline) or a model file.
    public var second = ""
    /// Test images evaluated (0: all).
    public var images = 0
    /// Of those, the first ones the threshold is chosen on (0: half).
    public var calibrationImages = 0
    /// Accuracy (a fraction) the cascade may give up against the second model when choosing.
    public var tolerance = 0.005
    /// The device profile the first model runs on.
    public var device = "raspberry-pi-4"
    /// The device profile the second model runs on.
    public var remote = "cloud-t4"
    /// Round trip per escalated image, milliseconds (assumed: a mobile network).
    public var networkLatencyMs = 60.0
    /// Millijoules the first device spends sending one image (assumed: about 0.5 W of radio
    /// for 60 ms).
    public var radioEnergyMJ = 30.0
    /// Compute threads.
    public var threads = 2

    /// The defaults.
    public init() {}

    /// The keys, which are the command-line flag names.
    public enum CodingKeys: String, CodingKey, CaseIterable {
      case second, images, tolerance, device, remote, threads
      case calibrationImages = "calibration-images"
      case networkLatencyMs = "network-latency-ms"
      case radioEnergyMJ = "radio-energy-mj"
    }
  }

  /// The stage's keys: the test data and the cascade settings.
  public struct Configuration: FlatConfiguration {
    /// The dataset whose test split is used.
    public var data = DatasetConfiguration()
    /// The cascade settings.
    public var settings = Settings()

    /// The defaults.
    public init() {}

    /// The data keys and the cascade's.
    public static let parts = [PartAccess(\Configuration.data), PartAccess(\.settings)]

    /// Checks the data, the counts, the tolerance, the profiles and the network figures.
    public func validate() throws {
      try data.validate()
      try Bounds.checkThreads(settings.threads)
      guard !settings.second.isEmpty else {
        throw TriscaleError.invalidArgument(
          name: "--second", problem: "no second model", fix: "Name the larger model: second: STAGE")
      }
      try Bounds.check(settings.images, in: 0...10_000_000, name: "--images", fix: "Use 0 for all")
      try Bounds.check(
        settings.calibrationImages, in: 0...10_000_000, name: "--calibration-images",
        fix: "Use 0 for half the images")
      guard settings.tolerance >= 0, settings.tolerance < 0.5 else {
        throw TriscaleError.invalidArgument(
          name: "--tolerance", problem: "\(settings.tolerance)", fix: "Use a fraction such as 0.005"
        )
      }
      for (name, value) in [
        ("--network-latency-ms", settings.networkLatencyMs),
        ("--radio-energy-mj", settings.radioEnergyMJ),
      ] where !(value.isFinite && value >= 0) {
        throw TriscaleError.invalidArgument(
          name: name, problem: "\(value) is not a non-negative number",
          fix: "Give milliseconds or millijoules")
      }
      _ = try DeviceProfiles.profile(id: settings.device)
      _ = try DeviceProfiles.profile(id: settings.remote)
    }

    /// The data's fingerprint.
    public func externalFingerprint() throws -> String { try data.fingerprint() }
  }

  /// Evaluates `input` then the second model as a cascade.
  public static func run(
    _ configuration: Configuration, input: ModelArtifact, context: StageContext
  ) throws -> StageOutput {
    try configuration.validate()
    let settings = configuration.settings
    setComputeThreadCount(settings.threads)
    let started = Date()
    let second =
      try context.inputs[Settings.CodingKeys.second.stringValue]
      ?? ModelArtifact.read(path: settings.second)
    var testSet = try configuration.data.load(.test)
    if settings.images > 0 { testSet = testSet.prefix(min(settings.images, testSet.count)) }
    guard testSet.count >= 2 else {
      throw TriscaleError.invalidArgument(
        name: "--images", problem: "\(testSet.count) test image(s)", fix: "Use at least 2 images")
    }
    let calibration =
      settings.calibrationImages == 0 ? testSet.count / 2 : settings.calibrationImages
    guard calibration < testSet.count else {
      throw TriscaleError.invalidArgument(
        name: "--calibration-images", problem: "\(calibration) of \(testSet.count) images",
        fix: "Keep some images for evaluation")
    }
    // The training split is read only for a model whose card has no normalization.
    var fallback: Normalization?
    func normalization(of artifact: ModelArtifact) throws -> Normalization {
      if let own = artifact.card.normalization { return own }
      if fallback == nil {
        fallback = try configuration.data.normalization(train: configuration.data.load(.train))
      }
      return fallback!
    }
    func logits(_ artifact: ModelArtifact) throws -> [Float] {
      let batch = min(250, testSet.count)
      context.report(
        .message(
          "cascade: logits of \(artifact.card.architecture) (\(artifact.card.precision)) on \(testSet.count) images"
        ))
      return try Evaluator.logits(
        of: artifact.weights.inferenceModel(batchSize: batch), on: testSet,
        normalization: normalization(of: artifact), batchSize: batch)
    }
    let firstLogits = try logits(input)
    let secondLogits = try logits(second)
    let local = try DeviceProfiles.profile(id: settings.device).estimate(
      VariantFigures(input).workload())
    let remote = try DeviceProfiles.profile(id: settings.remote).estimate(
      VariantFigures(second).workload())
    let costs = CascadeCosts(
      firstLatencySeconds: local.latencySeconds, firstEnergyJoules: local.energyJoules ?? 0,
      secondLatencySeconds: remote.latencySeconds, secondEnergyJoules: remote.energyJoules ?? 0,
      networkLatencySeconds: settings.networkLatencyMs / 1_000,
      networkEnergyJoules: settings.radioEnergyMJ / 1_000,
      networkBytes: Double(testSet.imageByteCount),
      method:
        "\(input.card.architecture) on \(settings.device) (\(local.latencyMethod)), "
        + "\(second.card.architecture) on \(settings.remote) (\(remote.latencyMethod)); network "
        + String(
          format: "%.0f ms and %.1f mJ per escalated image (assumed)", settings.networkLatencyMs,
          settings.radioEnergyMJ)
        + ([local, remote].contains { $0.energyJoules == nil }
          ? "; a profile without a power figure counts 0 J" : ""))
    let cascade = try CascadeEvaluation(
      first: input.card.architecture + " " + input.card.precision, firstLogits: firstLogits,
      second: second.card.architecture + " " + second.card.precision, secondLogits: secondLogits,
      labels: testSet.labels.map(Int.init), classCount: testSet.classCount,
      calibrationCount: calibration, tolerance: settings.tolerance, costs: costs)
    let path = context.filePath(file)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    try AtomicFile.write(encoder.encode(cascade), to: path)
    let subject =
      "\(testSet.name), images \(calibration + 1)–\(testSet.count) (threshold chosen on the first \(calibration))"
    let chosen = cascade.chosen
    let fractions = [
      ("cascade_top1", chosen.accuracy), ("escalation", chosen.escalation),
      ("second_top1", cascade.secondAccuracy), ("first_top1", cascade.firstAccuracy),
    ]
    let metrics = fractions.map { name, value in
      Metric(
        name: name, value: value, unit: "fraction", subject: subject, provenance: context.measured)
    }
    let line = String(
      format:
        "%@ → %@: %.2f%% top-1 escalating %.1f%% (%@ at %.4f) on %d held-out images; alone %.2f%% and %.2f%%",
      cascade.first, cascade.second, chosen.accuracy * 100, chosen.escalation * 100,
      cascade.chosenRule.rawValue, chosen.threshold, cascade.evaluationImages,
      cascade.firstAccuracy * 100, cascade.secondAccuracy * 100)
    let record = StageRecord(
      kind: kind, metrics: metrics, lines: [line], seconds: Date().timeIntervalSince(started))
    return StageOutput(artifact: nil, files: [file: path], record: record)
  }
}
