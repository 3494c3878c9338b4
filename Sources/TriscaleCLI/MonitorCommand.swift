import ArgumentParser
import Foundation
import TriscaleArtifact
import TriscaleCore
import TriscalePipeline
import TriscaleServe

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// `triscale monitor`: drift monitoring — measure a model's reference, try
/// the monitor on corrupted streams, read a running server's drift status
/// (docs/serving.md).
struct MonitorCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "monitor",
    abstract:
      "Drift monitoring: measure a model's reference, simulate drift, read a server's status.",
    subcommands: [Reference.self, Simulate.self, Report.self])

  struct Reference: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Measure a model's drift reference and write the model with it on its card.",
      discussion: """
        Input statistics (brightness, contrast, roughness) come from training images, the \
        model's confidence, class mix and accuracy from the first --evaluation-images test \
        images; the rest of the test set stays unseen for `triscale monitor simulate`.
        """)
    @OptionGroup var data: DatasetOptions
    @Argument(help: "The model file (float or int8).") var modelFile: String
    @Option(help: "Training images for the input statistics.") var trainImages = 5000
    @Option(help: "Test images for the confidence and class mix.") var evaluationImages = 5000
    @Option(help: "The model file to write, with the reference on its card.") var output: String

    func run() throws {
      try Bounds.check(
        trainImages, in: 100...1_000_000, name: "--train-images", fix: "Use e.g. 5000")
      try Bounds.check(
        evaluationImages, in: 100...1_000_000, name: "--evaluation-images", fix: "Use e.g. 5000")
      try checkOutput(output, others: [("model file", modelFile)])
      var artifact = try ModelArtifact.read(path: modelFile)
      let configuration = data.configuration
      artifact.card.driftReference = try DriftReferenceBuilder.measure(
        artifact, train: try configuration.load(.train), evaluation: try configuration.load(.test),
        trainImages: trainImages, evaluationImages: evaluationImages, command: commandLineText,
        host: HostDescription.current)
      try artifact.write(to: output)
      let reference = artifact.card.driftReference!
      for distribution in reference.distributions {
        let q = distribution.quantiles
        print(
          String(
            format: "monitor: %@ median %.4f, 5%%–95%% %.4f–%.4f (%@)", distribution.name,
            q[q.count / 2], q[q.count / 20], q[q.count - 1 - q.count / 20], distribution.source))
      }
      print(
        String(
          format: "monitor: accuracy %.2f%% on the evaluation images; wrote %@",
          reference.accuracy * 100, output))
    }
  }

  struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Stream unseen test images (corrupted or not) through the model and the monitor.")
    @OptionGroup var data: DatasetOptions
    @Argument(help: "A model file with a drift reference (`triscale monitor reference`).")
    var modelFile: String
    @Option(help: "none, brightness, contrast or noise (repeatable).")
    var corruption: [String] = ["none", "brightness", "contrast", "noise"]
    @Option(help: "Requests per stream.") var requests = 10_000
    @Option(help: "Test images to skip (those the reference was measured on).") var skip = 5000
    @Option(help: "Seed of the stream's order and noise.") var seed: UInt64 = 1
    @Option(help: "Write the outcomes as JSON here.") var json: String?

    func run() throws {
      try Bounds.check(requests, in: 1...10_000_000, name: "--requests", fix: "Use e.g. 10000")
      let corruptions = try corruption.map { name in
        guard let value = DriftCorruption(rawValue: name) else {
          throw TriscaleError.invalidArgument(
            name: "--corruption", problem: "unknown corruption '\(name)'",
            fix: "Use \(DriftCorruption.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
      }
      let artifact = try ModelArtifact.read(path: modelFile)
      let evaluation = try data.configuration.load(.test)
      var outcomes: [DriftSimulation.Outcome] = []
      for corruption in corruptions {
        let outcome = try DriftSimulation.run(
          artifact, evaluation: evaluation, skip: skip, corruption: corruption,
          requests: requests, seed: seed)
        outcomes.append(outcome)
        let first = outcome.firstAlertAt.map { "first alert after \($0) requests" } ?? "no alert"
        print(
          String(
            format:
              "monitor: %@: %d requests, %d alert(s), %@; accuracy %.1f%%, estimated from confidence %.1f%% (reference %.1f%%)",
            corruption.rawValue, outcome.requests, outcome.alerts, first, outcome.accuracy * 100,
            outcome.status.estimatedAccuracy * 100, outcome.status.referenceAccuracy * 100))
      }
      if let json {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(try encoder.encode(outcomes), to: json)
      }
    }
  }

  struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Print a running server's drift status for a model.")
    @Option(help: "The server's address.") var url = "http://127.0.0.1:8500"
    @Argument(help: "The model's name.") var name: String

    func run() throws {
      guard RegistryName.isValid(name), let address = URL(string: "\(url)/v1/models/\(name)/drift")
      else {
        throw TriscaleError.invalidArgument(
          name: "model", problem: "'\(name)' is not a model name", fix: "Use a registered name")
      }
      let data = try Data(contentsOf: address)
      let status = try JSONDecoder().decode(DriftMonitor.Status.self, from: data)
      print(
        "\(name): \(status.observed) images observed, \(status.drifted ? "DRIFTED" : "no drift"), \(status.alerts) alert(s)"
      )
      for statistic in status.statistics {
        let psi = statistic.psi.map { String(format: ", PSI %.3f", $0) } ?? ""
        print(
          String(
            format: "  %-11@ KS %.3f (p %.2g)%@", statistic.name, statistic.ks, statistic.pValue,
            psi))
      }
      print(
        String(
          format: "  estimated accuracy %.1f%% (reference %.1f%%)", status.estimatedAccuracy * 100,
          status.referenceAccuracy * 100))
    }
  }
}
