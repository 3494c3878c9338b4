import ArgumentParser
import Foundation
import TriscaleCore
import TriscaleData
import TriscaleDeploy
import TriscaleEngine
import TriscaleGraph
import TriscaleInt8
import TriscalePipeline

/// `triscale bench latency`: batch-1, one-thread latency of Triscale's int8
/// (and fp32) runtime against LiteRT on the exported .tflite, in the same run,
/// plus a check that the int8 outputs agree on real images.
struct BenchLatencyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "latency",
    abstract: "Batch-1 latency of Triscale int8/fp32 vs LiteRT (builtin and XNNPACK), same run.",
    discussion: """
      Exports the models to TFLite, times Triscale and LiteRT alternately on one thread, and \
      compares int8 outputs on --check-images test images with LiteRT's reference kernels (which \
      Triscale's int8 runtime matches exactly) and its builtin kernels. Needs \
      scripts/setup-litert.sh; run from the repository root.
      """)

  @Option(help: "Int8 model (from `triscale quantize`).") var int8: String
  @Option(help: "The float model it came from, to time fp32 as well.") var float: String?
  @Option(
    help: "Another int8 model (e.g. the unpruned one) to time with Triscale in the same rounds.")
  var baseline: String?
  @Option(help: "Timed runs per configuration.") var runs = 300
  @Option(help: "Untimed warm-up runs per configuration.") var warmup = 30
  @Option(help: "Rounds of the whole comparison (ratios use the medians of all rounds).")
  var rounds = 2
  @Option(help: "Test images whose int8 outputs are compared with LiteRT (0: skip).")
  var checkImages = 1000
  @OptionGroup var data: DatasetOptions
  @Option(help: "Python with ai-edge-litert (default: .venv-litert/bin/python).") var python:
    String?
  @Option(help: "Write the results as JSON to this file.") var output: String?

  func validate() throws {
    guard runs >= 10, warmup >= 0, rounds >= 1, checkImages >= 0 else {
      throw ValidationError("--runs must be at least 10, --rounds at least 1, others not negative")
    }
  }

  struct Timing: Codable {
    var runtime: String
    var precision: String
    var round: Int
    var latency: LatencyTimer.Summary
  }

  struct Agreement: Codable {
    var kernels: String
    var images: Int
    var identicalOutputs: Int
    var totalOutputs: Int
    var maximumDifference: Int
    var sameTop1: Int
  }

  struct Report: Codable {
    var command: String
    var machine: String
    var date: String
    var model: String
    var kernelPath: String
    var arenaBytes: Int
    var timings: [Timing]
    var ratios: [String: Double]
    var agreement: [Agreement]
  }

  func run() throws {
    setComputeThreadCount(1)
    let peer = try LiteRTPeer(python: python)
    let artifact = try ModelArtifact.read(path: int8)
    let model = try artifact.int8Model(
      for: "bench latency --int8", fix: "Pass the int8 model written by `triscale quantize`")
    let normalization =
      try artifact.card.normalization ?? data.normalization(train: data.load(.train))
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "triscale-latency-\(ProcessInfo.processInfo.processIdentifier)"
    ).path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let int8File = directory + "/model-int8.tflite"
    try TFLiteExporter.write(model, to: int8File)
    let int8Model = try Int8InferenceModel(model: model)
    let executor = int8Model.executor
    let baselineModel = try baseline.map {
      try Int8InferenceModel(model: Int8ModelFile.read(path: $0))
    }
    var floatSetup: (FloatInferenceModel, String)?
    if let float {
      let file = try ModelFile.read(path: float)
      let folded = try InferenceGraph(graph: file.graph, parameters: file.parameters)
      let floatFile = directory + "/model-float32.tflite"
      try TFLiteExporter.write(folded, variant: .float32, to: floatFile)
      floatSetup = (
        try FloatInferenceModel(graph: folded.graph, parameters: folded.parameters), floatFile
      )
    }
    var timings: [Timing] = []
    print(
      "bench latency: \(model.name), batch 1, 1 thread, \(runs) runs × \(rounds) rounds; "
        + "Triscale int8 kernels: \(Int8KernelChoice.detectedPath), "
        + "arena \(executor.memoryPlan.arenaByteCount) bytes"
    )
    for round in 1...rounds {
      timings.append(
        Timing(
          runtime: "triscale", precision: "int8", round: round,
          latency: try LatencyTimer.measure(int8Model, warmup: warmup, runs: runs)))
      if let baselineModel {
        timings.append(
          Timing(
            runtime: "triscale-baseline", precision: "int8", round: round,
            latency: try LatencyTimer.measure(baselineModel, warmup: warmup, runs: runs)))
      }
      for resolver in ["builtin", "xnnpack"] {
        timings.append(
          Timing(
            runtime: "litert-\(resolver)", precision: "int8", round: round,
            latency: try peer.latency(
              model: int8File, resolver: resolver, runs: runs, warmup: warmup)))
      }
      if let (floatModel, floatFile) = floatSetup {
        let latency = try LatencyTimer.measure(floatModel, warmup: warmup, runs: runs)
        timings.append(
          Timing(runtime: "triscale", precision: "fp32", round: round, latency: latency))
        for resolver in ["builtin", "xnnpack"] {
          timings.append(
            Timing(
              runtime: "litert-\(resolver)", precision: "fp32", round: round,
              latency: try peer.latency(
                model: floatFile, resolver: resolver, runs: runs, warmup: warmup)))
        }
      }
    }
    func median(_ runtime: String, _ precision: String) -> Double? {
      let values = timings.filter { $0.runtime == runtime && $0.precision == precision }
        .map(\.latency.medianMilliseconds).sorted()
      return values.isEmpty ? nil : values[values.count / 2]
    }
    print("runtime            precision  median ms   (per round)")
    for runtime in ["triscale", "triscale-baseline", "litert-builtin", "litert-xnnpack"] {
      for precision in ["int8", "fp32"] {
        guard let value = median(runtime, precision) else { continue }
        let perRound = timings.filter { $0.runtime == runtime && $0.precision == precision }
          .map { String(format: "%.3f", $0.latency.medianMilliseconds) }.joined(separator: ", ")
        print(
          runtime.padding(toLength: 18, withPad: " ", startingAt: 0)
            + precision.padding(toLength: 10, withPad: " ", startingAt: 0)
            + String(format: " %9.3f   (%@)", value, perRound))
      }
    }
    var ratios: [String: Double] = [:]
    for precision in ["int8", "fp32"] {
      guard let ours = median("triscale", precision) else { continue }
      for peerName in ["litert-builtin", "litert-xnnpack"] {
        guard let theirs = median(peerName, precision) else { continue }
        ratios["\(precision) triscale/\(peerName)"] = ours / theirs
        print(
          String(
            format: "ratio %@ Triscale / %@: %.2fx (below 1: Triscale faster)", precision,
            peerName, ours / theirs))
      }
    }
    if let ours = median("triscale", "int8"), let theirs = median("triscale-baseline", "int8") {
      ratios["int8 triscale/triscale-baseline"] = ours / theirs
      print(
        String(
          format: "ratio int8 this model / baseline model (both Triscale): %.2fx", ours / theirs))
    }
    let agreement =
      checkImages > 0
      ? try checkAgreement(model, normalization, executor, peer, int8File, directory) : []
    for entry in agreement {
      print(
        "agreement with LiteRT \(entry.kernels) kernels on \(entry.images) images: "
          + "\(entry.identicalOutputs) of \(entry.totalOutputs) int8 outputs identical "
          + "(largest difference \(entry.maximumDifference) level), same top-1 on \(entry.sameTop1)"
      )
    }
    if let output {
      let report = Report(
        command: (["triscale"] + CommandLine.arguments.dropFirst()).joined(separator: " "),
        machine: HostDescription.current,
        date: ISO8601DateFormatter().string(from: Date()), model: model.name,
        kernelPath: Int8KernelChoice.detectedPath,
        arenaBytes: executor.memoryPlan.arenaByteCount, timings: timings, ratios: ratios,
        agreement: agreement)
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
      try AtomicFile.write(try encoder.encode(report), to: output)
      print("wrote \(output)")
    }
  }

  private func checkAgreement(
    _ model: Int8Model, _ normalization: Normalization, _ executor: Int8Executor,
    _ peer: LiteRTPeer, _ file: String,
    _ directory: String
  ) throws -> [Agreement] {
    let testSet = try data.load(.test)
    let subset = testSet.count > checkImages ? testSet.prefix(checkImages) : testSet
    let loader = try BatchLoader(
      dataset: subset, batchSize: subset.count,
      normalization: normalization, shuffle: false, seed: 0,
      dropLast: false)
    let images = Array(loader.batches(epoch: 0))[0].images
    let pixels = model.input.elementCount
    let quantized = images.withUnsafeBufferPointer { model.quantizeInput($0) }  // elementwise
    var ours: [Int8] = []
    for start in stride(from: 0, to: quantized.count, by: pixels) {
      ours += try executor.run(Array(quantized[start..<(start + pixels)]))
    }
    let bytes = quantized.withUnsafeBytes { Data($0) }
    let width = model.output.elementCount
    return try ["reference", "builtin"].map { kernels in
      let theirs = try peer.outputs(
        model: file, images: bytes, resolver: kernels, directory: directory
      )
      .map { Int8(bitPattern: $0) }
      guard theirs.count == ours.count else {
        throw TriscaleError.backend(
          operation: "LiteRT", status: "\(theirs.count) outputs for \(ours.count) expected")
      }
      var sameTop1 = 0
      for image in 0..<subset.count {
        let range = (image * width)..<((image + 1) * width)
        if ours[range].indices.max(by: { ours[$0] < ours[$1] })
          == theirs[range].indices.max(by: { theirs[$0] < theirs[$1] })
        {
          sameTop1 += 1
        }
      }
      return Agreement(
        kernels: kernels, images: subset.count,
        identicalOutputs: zip(ours, theirs).filter { $0 == $1 }.count, totalOutputs: ours.count,
        maximumDifference: zip(ours, theirs).map { abs(Int($0) - Int($1)) }.max() ?? 0,
        sameTop1: sameTop1)
    }
  }
}
