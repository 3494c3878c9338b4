import ArgumentParser
import Foundation
import TriscaleCore
import TriscaleData
import TriscaleEngine
import TriscaleGraph
import TriscaleOptimize
import TriscaleTrain

/// `triscale prune`: magnitude (unstructured) or structured (channel) pruning
/// of a float model, with fine-tuning.
struct PruneCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "prune",
    abstract: "Prune a float model (magnitude or structured) and fine-tune it.",
    discussion: """
      magnitude: zeroes the smallest weights of every convolution and dense kernel (per layer or \
      globally) and keeps them zero while fine-tuning; sizes are reported dense and compressed \
      (bitmap + nonzero values). structured: removes whole channels (ranked by L1/L2 norm or \
      batch-norm scale) until the MACs reach --target-macs of the original, then fine-tunes; \
      the smaller dense model really runs faster.
      """)

  @Argument(help: "Float model file written by `triscale train`.") var modelFile: String
  @Option(help: "Pruned model file to write.") var output: String
  @Option(help: "magnitude (unstructured) or structured (channels).") var method = "magnitude"
  @Option(help: "magnitude: fraction of kernel weights to remove, in [0, 1).") var sparsity = 0.8
  @Option(help: "magnitude: layer (each kernel to the same sparsity) or global.") var scope =
    "layer"
  @Option(
    help: "magnitude: constant or polynomial[:RAMP] (sparsity rising over RAMP of the steps).")
  var sparsitySchedule = "polynomial:0.6"
  @Option(help: "structured: fraction of the original MACs to keep, in (0, 1].") var targetMacs =
    0.5
  @Option(help: "structured: channel ranking, l1, l2 or bn (batch-norm scale).") var criterion =
    "l1"
  @OptionGroup var data: DatasetOptions
  @OptionGroup var fineTune: FineTuneOptions

  func run() throws {
    setComputeThreadCount(fineTune.threads)
    if Int8ModelFile.isInt8Model(path: modelFile) {
      throw TriscaleError.invalidArgument(
        name: "model", problem: "'\(modelFile)' is an int8 model",
        fix: "Prune the float model, then quantize the pruned model")
    }
    let original = try ModelFile.read(path: modelFile)
    var graph = original.graph
    var parameters = original.parameters
    var constraint: MagnitudePruner?
    switch method {
    case "magnitude":
      guard let scope = MagnitudePruner.Scope(rawValue: scope) else {
        throw TriscaleError.invalidArgument(
          name: "--scope", problem: "unknown scope '\(scope)'", fix: "Use layer or global")
      }
      constraint = try MagnitudePruner(
        graph: graph, sparsity: sparsity, scope: scope,
        schedule: SparsitySchedule(parsing: sparsitySchedule))
    case "structured":
      let pruned = try ChannelPruner(criterion: ChannelPruner.Criterion(parsing: criterion))
        .prune(graph: graph, parameters: parameters, keepMACs: targetMacs)
      (graph, parameters) = (pruned.graph, pruned.parameters)
      print(
        String(
          format: "prune: removed %d of %d channels; MACs %.2f M → %.2f M (%.0f%%)",
          pruned.removedChannels, pruned.originalChannels,
          Double(original.graph.multiplyAccumulates) / 1e6, Double(graph.multiplyAccumulates) / 1e6,
          100 * Double(graph.multiplyAccumulates) / Double(original.graph.multiplyAccumulates)))
    default:
      throw TriscaleError.invalidArgument(
        name: "--method", problem: "unknown pruning method '\(method)'",
        fix: "Use magnitude or structured")
    }
    let trainSet = try data.load(.train)
    let testSet = try data.load(.test)
    let normalization = try data.normalization(storedIn: original.metadata)
    if fineTune.epochs > 0 {
      let trainer = try Trainer(
        options: fineTune.trainingOptions(model: graph.name), graph: graph, trainSet: trainSet,
        testSet: testSet, normalization: normalization, checkpointPath: output + ".ckpt",
        initialParameters: parameters, constraint: constraint)
      let printer = ProgressPrinter()
      parameters = try trainer.run(resume: false) { printer.handle($0) }.parameters
    } else {
      try constraint?.apply(to: &parameters, step: 1, totalSteps: 1)
    }
    let before = try Evaluator.evaluate(
      FloatInferenceModel(
        graph: original.graph, parameters: original.parameters,
        batchSize: min(250, testSet.count)),
      on: testSet, normalization: normalization)
    let after = try Evaluator.evaluate(
      FloatInferenceModel(
        graph: graph, parameters: parameters, batchSize: min(250, testSet.count)),
      on: testSet, normalization: normalization)
    var metadata = original.metadata.filter { !$0.key.hasPrefix("checkpoint.") }
    metadata["pruning"] =
      method == "magnitude"
      ? "magnitude \(sparsity) \(scope)" : "structured \(targetMacs) \(criterion)"
    metadata["test_accuracy"] = String(format: "%.4f", after.accuracy)
    try ModelFile(graph: graph, parameters: parameters, metadata: metadata).write(path: output)
    let originalSize = SparseSize(graph: original.graph, parameters: original.parameters)
    let size = SparseSize(graph: graph, parameters: parameters)
    if let constraint {
      print(
        String(
          format: "prune: kernel sparsity %.1f%% (%.1f%% of all parameters zero)",
          constraint.measuredSparsity(of: parameters) * 100,
          Double(size.zeroCount) / Double(size.parameterCount) * 100))
    }
    print(
      String(
        format:
          "prune: size dense fp32 %.1f KB → %.1f KB dense, %.1f KB compressed (bitmap + nonzeros) = %.2fx the dense original",
        Double(originalSize.denseBytes) / 1024, Double(size.denseBytes) / 1024,
        Double(size.sparseBytes) / 1024, Double(size.sparseBytes) / Double(originalSize.denseBytes))
    )
    print(
      String(
        format:
          "prune: top-1 on %@ (%d images): original %.2f%%, pruned %.2f%% (%+.2f pt); wrote %@",
        testSet.name, testSet.count, before.accuracy * 100, after.accuracy * 100,
        (after.accuracy - before.accuracy) * 100, output))
  }
}
