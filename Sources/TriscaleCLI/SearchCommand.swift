import ArgumentParser
import TriscaleGraph
import TriscaleOptimize
import TriscalePipeline

/// `triscale search`: architecture search under microcontroller budgets.
struct SearchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "search",
    abstract: "Search for the most accurate architecture that fits a RAM, flash and MAC budget.",
    discussion: """
      Aging evolution over the micro: architecture space (widths, depths, kernel, regular or \
      depthwise-separable blocks, residual or not, input resolution). Every candidate's RAM \
      (arena) and flash come from the C generator's plan for the target; candidates over budget \
      are rejected before training, the rest scored by proxy training on a subset of the \
      training set and held-out training images. Writes OUTPUT/candidates.json (resumed from \
      when the search is run again), pareto.json, pareto.svg, chosen.json and chosen.tsm (the \
      chosen architecture, freshly initialised, for `triscale train --init-from` or its name \
      for --model). docs/search.md has the details.
      """)

  /// The library's defaults, which the flags show.
  private static let defaults = ArchitectureSearch.Settings()

  @Option(
    help:
      "ram=BYTES,flash=BYTES,macs=N[,target=cortex-m4]: ram = arena (activations + scratch), flash = constants + code allowance; K/M = 1024/1024² bytes, 1000/10⁶ MACs; a figure left out is not limited."
  )
  var budget = Self.defaults.budget.description
  @Option(help: "Members of the evolving population (the random initial ones).")
  var population = Self.defaults.population
  @Option(help: "Feasible candidates to train and score in all, the population included.")
  var candidates = Self.defaults.candidates
  @Option(help: "Population members drawn per tournament.")
  var tournament = Self.defaults.tournament
  @Option(help: "Proxy training epochs per candidate.")
  var proxyEpochs = Self.defaults.proxyEpochs
  @Option(help: "Training images for proxy training (the first of the training set).")
  var proxyImages = Self.defaults.proxyImages
  @Option(help: "Held-out training images each candidate is scored on (the last of the set).")
  var validationImages = Self.defaults.validationImages
  @Option(help: "Seed of every draw and of every candidate's training.")
  var seed = Self.defaults.seed
  @Option(
    help:
      "An architecture the initial population starts with, before the random ones (repeatable), e.g. micro:w16.32.64-d1.1.1-k3-conv-res-s1 (resnet8's structure)."
  )
  var initial: [String] = []
  @Option(
    help:
      "The genes' values searched, over the standard space: key=v1.v2 items, keys widths, depths, kernels, blocks (conv, dws), residual (res, plain), stem-strides (1: full resolution, 2: half), e.g. stem-strides=1."
  )
  var space = ""
  @Option(help: "Compute threads.") var threads = SearchStage.Threads().threads
  @Option(help: "The folder to write (and resume from).") var output = "runs/search"
  @OptionGroup var data: DatasetOptions

  /// The library configuration these flags describe.
  func stageConfiguration() throws -> SearchStage.Configuration {
    var configuration = SearchStage.Configuration()
    configuration.search.budget = try SearchBudget(parsing: budget)
    configuration.search.population = population
    configuration.search.candidates = candidates
    configuration.search.tournament = tournament
    configuration.search.proxyEpochs = proxyEpochs
    configuration.search.proxyImages = proxyImages
    configuration.search.validationImages = validationImages
    configuration.search.seed = seed
    configuration.search.space = try MicroSearchSpace(parsing: space)
    configuration.search.initial = initial
    configuration.threads.threads = threads
    configuration.data = data.configuration
    return configuration
  }

  func validate() throws { try stageConfiguration().validate() }

  func run() throws {
    let modelPath = output + "/chosen.tsm"
    try checkOutput(modelPath, others: [])
    let printer = StagePrinter(prefix: "search")
    let result = try SearchStage.run(
      stageConfiguration(), input: nil,
      context: StageContext(
        checkpointPath: "", filePath: { _ in output }, command: commandLineText,
        report: printer.handle))
    try result.artifact?.write(to: modelPath)
    printer.show(result.record)
    print(
      "search: wrote \(output)/candidates.json, pareto.json, pareto.svg, chosen.json, chosen.tsm")
  }
}
