import Foundation
import TriscaleArtifact
import TriscaleCore
import TriscaleData
import TriscaleDeploy
import TriscaleEngine
import TriscaleGraph
import TriscaleInt8

/// Batch-1, one-thread latency of Triscale's int8 (and fp32) runtime against
/// LiteRT on the exported .tflite files, plus a check that the int8 outputs
/// agree with LiteRT's on real images (``LiteRTAgreement``).
///
/// The runtimes are interleaved in many short rounds (LiteRT stays loaded in
/// one peer process, ``LiteRTLatencySession``), the order reversed every
/// other round, and each ratio is taken within a round and summarized over
/// the rounds (``RoundRatios``): a machine whose speed changes mid-run then
/// shows as spread, not as a different ratio. A run whose spread is wider
/// than ``Settings/maxSpread`` is refused rather than published.
public enum LatencyComparison {
  /// What to compare, and how long to time.
  public struct Settings: ConfigurationPart {
    /// The int8 model file (from `triscale quantize`).
    public var int8 = ""
    /// The float model it came from, to time fp32 as well.
    public var float: String?
    /// Another int8 model (e.g. the unpruned one) to time with Triscale in the same rounds.
    public var baseline: String?
    /// Timed runs per runtime in each round.
    public var runs = 100
    /// Untimed warm-up runs per runtime, before the first round.
    public var warmup = 50
    /// Interleaved rounds; each ratio is summarized over them.
    public var rounds = 30
    /// The widest spread (interquartile range over median) a Triscale/LiteRT
    /// ratio may have for the result to be published.
    public var maxSpread = 0.25
    /// Test images whose int8 outputs are compared with LiteRT (0: skip).
    public var checkImages = 1000
    /// Python with ai-edge-litert (nil: `.venv-litert/bin/python`).
    public var python: String?
    /// Triscale's int8 kernels: automatic (the fastest this CPU has), avx2
    /// or portable.
    public var kernels = "automatic"

    /// The defaults.
    public init() {}

    /// Settings; every value not given keeps its default.
    public init(
      int8: String, float: String? = nil, baseline: String? = nil, runs: Int = 100,
      warmup: Int = 50, rounds: Int = 30, maxSpread: Double = 0.25, checkImages: Int = 1000,
      python: String? = nil, kernels: String = "automatic"
    ) {
      (self.int8, self.float, self.baseline, self.python) = (int8, float, baseline, python)
      self.kernels = kernels
      (self.runs, self.warmup, self.rounds, self.checkImages) = (runs, warmup, rounds, checkImages)
      self.maxSpread = maxSpread
    }

    /// The keys, which are the command-line flag names.
    public enum CodingKeys: String, CodingKey, CaseIterable {
      case int8, float, baseline, runs, warmup, rounds
      case maxSpread = "max-spread"
      case checkImages = "check-images"
      case python, kernels
    }
  }

  /// `triscale bench latency`'s flags.
  public struct Configuration: FlatConfiguration {
    /// What to compare, and how long to time.
    public var settings = Settings()
    /// The dataset of the checked images (and of the normalization when the model's card has none).
    public var data = DatasetConfiguration()

    /// The defaults.
    public init() {}

    /// A configuration of the given parts.
    public init(settings: Settings, data: DatasetConfiguration) {
      (self.settings, self.data) = (settings, data)
    }

    /// The comparison's keys and the data's.
    public static var parts: [PartAccess<Self>] {
      [PartAccess(\Self.settings), PartAccess(\.data)]
    }

    /// Checks every value, naming the flag and the fix when one is out of range.
    public func validate() throws {
      guard !settings.int8.isEmpty else {
        throw TriscaleError.invalidArgument(
          name: "--int8", problem: "no int8 model given",
          fix: "Pass the int8 model written by `triscale quantize`")
      }
      try Bounds.check(
        settings.runs, in: 10...1_000_000, name: "--runs",
        fix: "Use a few hundred, e.g. 300 (10 at least for a median)")
      try Bounds.check(
        settings.rounds, in: 1...10_000, name: "--rounds",
        fix: "Use 15 or more for a median with its spread, e.g. 30")
      try Bounds.check(
        settings.maxSpread, in: 0...10, name: "--max-spread",
        fix: "Use a fraction of the median such as 0.25")
      try Bounds.check(
        settings.warmup, in: 0...1_000_000, name: "--warmup", fix: "Use a few dozen, e.g. 30")
      try Bounds.check(
        settings.checkImages, in: 0...1_000_000, name: "--check-images",
        fix: "Use 0 (skip) or a test-set size, e.g. 1000")
      guard let choice = Int8KernelChoice(rawValue: settings.kernels), choice != .reference else {
        throw TriscaleError.invalidArgument(
          name: "--kernels", problem: "unknown kernels '\(settings.kernels)'",
          fix: "Use automatic, avx2 or portable")
      }
      try data.validate()
    }
  }

  /// Exports, times every runtime for `rounds` interleaved rounds on one
  /// thread, then checks agreement; a header line goes to `report` before
  /// timing. Temporary .tflite files live in a folder removed afterwards.
  /// `command` is recorded in the report; ``Report/refusal`` says whether
  /// its spread allows publishing it.
  public static func run(
    _ configuration: Configuration, command: String, report: (StageEvent) -> Void
  ) throws -> Report {
    try configuration.validate()
    setComputeThreadCount(1)
    let peer = try LiteRTPeer(python: configuration.settings.python)
    let artifact = try ModelArtifact.read(path: configuration.settings.int8)
    let model = try artifact.int8Model(
      for: "bench latency --int8", fix: "Pass the int8 model written by `triscale quantize`")
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "triscale-latency-\(ProcessInfo.processInfo.processIdentifier)"
    ).path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let int8File = directory + "/model-int8.tflite"
    try TFLiteExporter.write(model, to: int8File)
    let kernels = Int8KernelChoice(rawValue: configuration.settings.kernels) ?? .automatic
    let int8Model = try Int8InferenceModel(model: model, kernels: kernels)
    let arenaBytes = int8Model.executor.memoryPlan.arenaByteCount
    let baselineModel = try configuration.settings.baseline.map {
      try Int8InferenceModel(model: Int8ModelFile.read(path: $0), kernels: kernels)
    }
    let floatSetup = try configuration.settings.float.map { path in
      let file = try ModelFile.read(path: path)
      let folded = try InferenceGraph(graph: file.graph, parameters: file.parameters)
      let floatFile = directory + "/model-float32.tflite"
      try TFLiteExporter.write(folded, variant: .float32, to: floatFile)
      return (
        try FloatInferenceModel(graph: folded.graph, parameters: folded.parameters), floatFile
      )
    }
    let agreementImages =
      configuration.settings.checkImages > 0
      ? try testImages(configuration, card: artifact.card) : nil
    report(
      .message(
        "bench latency: \(model.name), batch 1, 1 thread, \(configuration.settings.runs) runs × \(configuration.settings.rounds) interleaved rounds; "
          + "Triscale int8 kernels: \(kernelPath(kernels)), arena \(arenaBytes) bytes"))
    let timings = try rounds(
      configuration, peer: peer, int8: (int8Model, int8File), baseline: baselineModel,
      float: floatSetup)
    let agreement =
      try agreementImages.map {
        try LiteRTAgreement.check(
          model, executor: int8Model.executor, file: int8File, peer: peer, images: $0,
          directory: directory)
      } ?? []
    return Report(
      command: command, machine: HostDescription.current, cpu: HostDescription.cpu,
      date: measurementDate,
      model: model.name, kernelPath: kernelPath(kernels), arenaBytes: arenaBytes,
      timings: timings, ratios: Report.ratios(of: timings),
      maxSpread: configuration.settings.maxSpread,
      agreement: agreement)
  }

  /// Times every runtime in each of `rounds` rounds: Triscale int8 (and the
  /// baseline), LiteRT builtin and XNNPACK on the int8 file, then fp32
  /// likewise, in reverse order every other round. Each runtime is warmed up
  /// once, before the first round.
  private static func rounds(
    _ configuration: Configuration, peer: LiteRTPeer, int8: (Int8InferenceModel, String),
    baseline: Int8InferenceModel?, float: (FloatInferenceModel, String)?
  ) throws -> [Timing] {
    let (runs, warmup) = (configuration.settings.runs, configuration.settings.warmup)
    let session = try peer.latencySession()
    defer { session.close() }
    var entries: [(runtime: String, precision: String, time: () throws -> LatencyTimer.Summary)] =
      []
    func triscale(_ runtime: String, _ precision: String, _ model: any InferenceModel) throws {
      _ = try LatencyTimer.measure(model, warmup: 0, runs: max(warmup, 1))
      entries.append(
        (runtime, precision, { try LatencyTimer.measure(model, warmup: 0, runs: runs) }))
    }
    func litert(_ file: String, _ precision: String) throws {
      for resolver in ["builtin", "xnnpack"] {
        let name = "\(precision)-\(resolver)"
        try session.load(name: name, model: file, resolver: resolver, warmup: warmup)
        entries.append(
          ("litert-\(resolver)", precision, { try session.time(name: name, runs: runs) }))
      }
    }
    try triscale("triscale", "int8", int8.0)
    if let baseline { try triscale("triscale-baseline", "int8", baseline) }
    try litert(int8.1, "int8")
    if let (floatModel, floatFile) = float {
      try triscale("triscale", "fp32", floatModel)
      try litert(floatFile, "fp32")
    }
    var timings: [Timing] = []
    for round in 1...configuration.settings.rounds {
      for entry in round.isMultiple(of: 2) ? entries.reversed() : entries {
        timings.append(
          Timing(
            runtime: entry.runtime, precision: entry.precision, round: round,
            latency: try entry.time()))
      }
    }
    return timings
  }

  /// The path `kernels` takes on this CPU ("avx512-vnni", "avx2", …).
  private static func kernelPath(_ kernels: Int8KernelChoice) -> String {
    kernels == .automatic ? Int8KernelChoice.detectedPath : kernels.resolvedPath
  }

  /// The first `checkImages` test images, normalized as the model was trained
  /// (its card's normalization, else fitted on the training split).
  private static func testImages(_ configuration: Configuration, card: ModelCard) throws
    -> (images: [Float], count: Int)
  {
    let normalization =
      try card.normalization
      ?? configuration.data.normalization(
        train: configuration.data.load(.train))
    let testSet = try configuration.data.load(.test)
    let subset =
      testSet.count > configuration.settings.checkImages
      ? testSet.prefix(configuration.settings.checkImages) : testSet
    let loader = try BatchLoader(
      dataset: subset, batchSize: subset.count, normalization: normalization, shuffle: false,
      seed: 0, dropLast: false)
    return (Array(loader.batches(epoch: 0))[0].images, subset.count)
  }
}
