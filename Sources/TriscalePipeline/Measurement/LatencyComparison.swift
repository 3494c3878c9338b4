import Foundation
import TriscaleArtifact
import TriscaleCore
import TriscaleData
import TriscaleDeploy
import TriscaleEngine
import TriscaleGraph
import TriscaleInt8

/// Batch-1, one-thread latency of Triscale's int8 (and fp32) runtime against
/// LiteRT on the exported .tflite files, timed alternately in the same run,
/// plus a check that the int8 outputs agree with LiteRT's on real images
/// (``LiteRTAgreement``).
public enum LatencyComparison {
  /// What to compare, and how long to time.
  public struct Settings: ConfigurationPart {
    /// The int8 model file (from `triscale quantize`).
    public var int8 = ""
    /// The float model it came from, to time fp32 as well.
    public var float: String?
    /// Another int8 model (e.g. the unpruned one) to time with Triscale in the same rounds.
    public var baseline: String?
    /// Timed runs per configuration.
    public var runs = 300
    /// Untimed warm-up runs per configuration.
    public var warmup = 30
    /// Rounds of the whole comparison (ratios use the medians of all rounds).
    public var rounds = 2
    /// Test images whose int8 outputs are compared with LiteRT (0: skip).
    public var checkImages = 1000
    /// Python with ai-edge-litert (nil: `.venv-litert/bin/python`).
    public var python: String?

    /// The defaults.
    public init() {}

    /// Settings; every value not given keeps its default.
    public init(
      int8: String, float: String? = nil, baseline: String? = nil, runs: Int = 300,
      warmup: Int = 30, rounds: Int = 2, checkImages: Int = 1000, python: String? = nil
    ) {
      (self.int8, self.float, self.baseline, self.python) = (int8, float, baseline, python)
      (self.runs, self.warmup, self.rounds, self.checkImages) = (runs, warmup, rounds, checkImages)
    }

    /// The keys, which are the command-line flag names.
    public enum CodingKeys: String, CodingKey, CaseIterable {
      case int8, float, baseline, runs, warmup, rounds
      case checkImages = "check-images"
      case python
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
        settings.rounds, in: 1...10_000, name: "--rounds", fix: "Use 1 or more, e.g. 2")
      try Bounds.check(
        settings.warmup, in: 0...1_000_000, name: "--warmup", fix: "Use a few dozen, e.g. 30")
      try Bounds.check(
        settings.checkImages, in: 0...1_000_000, name: "--check-images",
        fix: "Use 0 (skip) or a test-set size, e.g. 1000")
      try data.validate()
    }
  }

  /// Exports, times every runtime for `rounds` rounds on one thread, then
  /// checks agreement; a header line goes to `report` before timing.
  /// Temporary .tflite files live in a folder removed afterwards. `command`
  /// is recorded in the report.
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
    let int8Model = try Int8InferenceModel(model: model)
    let arenaBytes = int8Model.executor.memoryPlan.arenaByteCount
    let baselineModel = try configuration.settings.baseline.map {
      try Int8InferenceModel(model: Int8ModelFile.read(path: $0))
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
        "bench latency: \(model.name), batch 1, 1 thread, \(configuration.settings.runs) runs × \(configuration.settings.rounds) rounds; "
          + "Triscale int8 kernels: \(Int8KernelChoice.detectedPath), arena \(arenaBytes) bytes"))
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
      command: command, machine: HostDescription.current, date: measurementDate,
      model: model.name, kernelPath: Int8KernelChoice.detectedPath, arenaBytes: arenaBytes,
      timings: timings, ratios: Report.ratios(of: timings), agreement: agreement)
  }

  /// Times every runtime `rounds` times, alternating them within each round:
  /// Triscale int8 (and the baseline), LiteRT on the int8 file, then fp32 likewise.
  private static func rounds(
    _ configuration: Configuration, peer: LiteRTPeer, int8: (Int8InferenceModel, String),
    baseline: Int8InferenceModel?, float: (FloatInferenceModel, String)?
  ) throws -> [Timing] {
    let (runs, warmup) = (configuration.settings.runs, configuration.settings.warmup)
    func triscale(_ runtime: String, _ precision: String, _ round: Int, _ model: InferenceModel)
      throws -> Timing
    {
      Timing(
        runtime: runtime, precision: precision, round: round,
        latency: try LatencyTimer.measure(model, warmup: warmup, runs: runs))
    }
    func litert(_ file: String, _ precision: String, _ round: Int) throws -> [Timing] {
      try ["builtin", "xnnpack"].map { resolver in
        Timing(
          runtime: "litert-\(resolver)", precision: precision, round: round,
          latency: try peer.latency(model: file, resolver: resolver, runs: runs, warmup: warmup))
      }
    }
    var timings: [Timing] = []
    for round in 1...configuration.settings.rounds {
      timings.append(try triscale("triscale", "int8", round, int8.0))
      if let baseline { timings.append(try triscale("triscale-baseline", "int8", round, baseline)) }
      timings += try litert(int8.1, "int8", round)
      if let (floatModel, floatFile) = float {
        timings.append(try triscale("triscale", "fp32", round, floatModel))
        timings += try litert(floatFile, "fp32", round)
      }
    }
    return timings
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
