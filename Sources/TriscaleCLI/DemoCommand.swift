import ArgumentParser
import Foundation
import TriscaleData
import TriscaleEngine
import TriscaleGraph
import TriscaleTrain

/// `triscale demo`: the whole job on the built-in dataset in a few minutes.
struct DemoCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "demo",
    abstract: "Train and evaluate on the built-in synthetic dataset (a few minutes).")

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
  }
}
