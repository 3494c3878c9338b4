import ArgumentParser
import Foundation
import TriscaleData
import TriscaleDeploy
import TriscaleEngine
import TriscaleGraph
import TriscaleInt8
import TriscaleOptimize
import TriscaleTrain

/// `triscale demo`: the whole job on the built-in dataset in a few minutes.
struct DemoCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "demo",
    abstract:
      "Train, quantize to int8, export and measure on the built-in synthetic dataset (a few minutes)."
  )

  @Option(help: "Model zoo name.") var model = "resnet8"
  @Option(help: "Passes over the built-in training set.") var epochs = 4
  @Option(help: "Compute threads.") var threads = 2
  @Option(help: "Directory for the model and checkpoint.") var outputDir = "runs/demo"

  func run() throws {
    setComputeThreadCount(threads)
    let graph = try ModelZoo.graph(named: model)
    let trainSet = SyntheticDataset.standard(split: .train)
    let testSet = SyntheticDataset.standard(split: .test)
    let normalization = Normalization.fit(trainSet)
    var options = TrainingOptions()
    options.model = model
    options.epochs = epochs
    options.learningRate = 0.05
    print(
      "demo: training \(model) on the built-in dataset (\(trainSet.count) images, \(epochs) epochs)"
    )
    let trainer = try Trainer(
      options: options, graph: graph, trainSet: trainSet, testSet: testSet,
      normalization: normalization,
      checkpointPath: outputDir + "/\(model).tsm.ckpt")
    let result = try trainer.run(resume: false, report: ProgressPrinter().handle)
    let path = outputDir + "/\(model).tsm"
    try ModelFile(
      graph: graph, parameters: result.parameters,
      metadata: [
        "dataset": trainSet.name, "epochs": String(epochs),
        "normalization": String(decoding: try JSONEncoder().encode(normalization), as: UTF8.self),
      ]
    ).write(path: path)
    print(
      String(
        format:
          "demo: %@ reached %.2f%% test accuracy on %d held-out images in %.0f s (measured on this host); model: %@",
        model, (result.test?.accuracy ?? 0) * 100, result.test?.count ?? 0, result.seconds, path))
    try deployEdge(
      graph: graph, parameters: result.parameters, trainSet: trainSet, testSet: testSet,
      normalization: normalization, floatAccuracy: result.test?.accuracy ?? 0)
  }

  /// The edge tier: full-int8 quantization, its accuracy, a TFLite export and
  /// batch-1 latency of both variants on this host.
  private func deployEdge(
    graph: Graph, parameters: ParameterStore, trainSet: Dataset, testSet: Dataset,
    normalization: Normalization, floatAccuracy: Double
  ) throws {
    var int8 = try PostTrainingQuantizer.quantize(
      graph: graph, parameters: parameters, calibration: trainSet, normalization: normalization)
    int8.metadata["normalization"] = String(
      decoding: try JSONEncoder().encode(normalization), as: UTF8.self)
    let int8Path = outputDir + "/\(model).int8.tsm"
    let tflitePath = outputDir + "/\(model).int8.tflite"
    try Int8ModelFile.write(int8, to: int8Path)
    try TFLiteExporter.write(int8, to: tflitePath)
    let int8Model = try Int8InferenceModel(model: int8)
    let int8Accuracy = try Evaluator.evaluate(
      int8Model, on: testSet, normalization: normalization
    ).accuracy
    setComputeThreadCount(1)
    let folded = try InferenceGraph(graph: graph, parameters: parameters)
    let floatLatency = try LatencyTimer.measure(
      FloatInferenceModel(graph: folded.graph, parameters: folded.parameters), warmup: 20,
      runs: 200)
    let int8Latency = try LatencyTimer.measure(int8Model, warmup: 20, runs: 200)
    let floatBytes = graph.fp32ByteCount
    print("demo: variants, measured on this host (batch 1, one thread):")
    print("  variant       weights     test top-1   latency    runtime")
    print(
      String(
        format: "  fp32       %8.1f KB   %8.2f%%   %6.3f ms   oneDNN", Double(floatBytes) / 1024,
        floatAccuracy * 100, floatLatency.medianMilliseconds))
    print(
      String(
        format: "  int8 (PTQ) %8.1f KB   %8.2f%%   %6.3f ms   Triscale int8 (%@), arena %d bytes",
        Double(int8.parameterByteCount) / 1024, int8Accuracy * 100,
        int8Latency.medianMilliseconds, Int8KernelChoice.detectedPath,
        int8Model.executor.memoryPlan.arenaByteCount))
    print("demo: wrote \(int8Path) and the TFLite export \(tflitePath)")
  }
}
