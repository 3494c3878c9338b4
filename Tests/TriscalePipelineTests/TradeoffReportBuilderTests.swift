import Foundation
import Testing
import TriscaleAnalysis
import TriscaleCore
import TriscaleDeploy

@testable import TriscalePipeline

@Suite("The trade-off report of a pipeline run")
struct TradeoffReportBuilderTests {
  static func pipeline(output: String) -> String {
    """
    name: tradeoffs
    output: \(output)
    defaults:
      dataset: synthetic
      threads: 1
    stages:
      cloud:
        stage: train
        model: dscnn-micro
        train-limit: 256
        epochs: 1
        batch-size: 32
        augment: false
      edge:
        stage: quantize
        input: cloud
        calibration-images: 16
        evaluate: true
      cloud-latency:
        stage: latency
        input: cloud
        runs: 10
        warmup: 1
      edge-latency:
        stage: latency
        input: edge
        runs: 10
        warmup: 1
      cascade:
        stage: cascade
        input: edge
        second: cloud
        images: 200
    report:
      title: Test trade-offs
      tiers: { cloud: cloud, edge: edge }
      scenarios: [real-time-video, mobile-app-cascade]
    """
  }

  @Test(
    "fills the table from the stages, estimates every device, weighs the cascade, rebuilds the same"
  )
  func tinyRun() throws {
    let folder = try TestFolder.make()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let path = folder + "/pipeline.yaml"
    try Self.pipeline(output: folder + "/out").write(
      toFile: path, atomically: true, encoding: .utf8)
    let record = try PipelineRunner(definition: PipelineDefinition.read(path: path)).run { _ in }
    #expect(record.report?.tiers == ["cloud": .cloud, "edge": .edge])

    let report = try TradeoffReportBuilder(runDirectory: folder + "/out").build()
    #expect(report.title == "Test trade-offs")
    #expect(report.variants.map(\.name) == ["cloud", "edge"])
    #expect(report.study.columns == [.cloud, .edge])
    #expect(report.study.isComplete)
    for variant in report.variants {
      #expect(variant.hostLatencySeconds?.basis == .measured)
      #expect(variant.complexity.stages.first == "cloud")
      #expect(variant.complexity.tunableParameters > 10)
    }
    #expect(report.variants[1].complexity.stages == ["cloud", "edge", "edge-latency"])
    // fp32 has sourced rates on the T4 and the Pi, int8 on the T4, the Orin and the Pi; the
    // microcontroller profiles need a QEMU run, which this pipeline has not.
    #expect(report.variants[0].targets.map(\.profile) == ["host", "cloud-t4", "raspberry-pi-4"])
    #expect(
      report.variants[1].targets.map(\.profile)
        == ["host", "cloud-t4", "raspberry-pi-4", "jetson-orin-nano"])
    #expect(
      report.notes.contains {
        $0.hasPrefix(
          "edge is not estimated on stm32l4r5 (QEMU instructions on cortex-m4 are missing)")
      })
    // Each tier's column shows its named reference device, not the host.
    #expect(report.study.rows[2].cells[0].map(\.text).last?.hasSuffix("on cloud-t4") == true)
    #expect(report.study.rows[2].cells[1].map(\.text).last?.hasSuffix("on raspberry-pi-4") == true)
    #expect(report.study.variants == ["cloud", "edge"])
    let cascade = try #require(report.cascade)
    #expect(cascade.calibrationImages == 100)
    #expect(cascade.evaluationImages == 100)
    #expect(report.recommendations.map(\.scenario) == ["real-time-video", "mobile-app-cascade"])
    #expect(report.notes.contains { $0.contains("microcontroller") })

    let plots = report.plots.map(\.name)
    #expect(Set(plots).count == plots.count)
    #expect(plots.contains("pareto-latency-host") && plots.contains("pareto-energy-host"))
    let again = try TradeoffReportBuilder(runDirectory: folder + "/out").build()
    #expect(again == report)
    let html = try report.write(to: folder + "/report")
    #expect(try String(contentsOfFile: html, encoding: .utf8).contains("Test trade-offs"))
  }

  @Test("a folder without a run, and report tiers naming no stage, are refused")
  func badInput() throws {
    let folder = try TestFolder.make()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    #expect(throws: TriscaleError.self) { try TradeoffReportBuilder(runDirectory: folder) }
    let text = Self.pipeline(output: folder + "/out").replacingOccurrences(
      of: "tiers: { cloud: cloud, edge: edge }",
      with: "tiers: { cloud: cloud, mcu: microcontroller }")
    let error = #expect(throws: TriscaleError.self) {
      try PipelineDefinition.decode(text, path: "p.yaml")
    }
    #expect("\(error.map { "\($0)" } ?? "")".contains("'mcu', which is not a stage"))
    for bad in ["report: 3", "report: { tiers: { cloud: moon } }"] {
      let broken =
        Self.pipeline(output: folder + "/out").components(separatedBy: "report:")[0] + bad
      #expect(throws: TriscaleError.self) { try PipelineDefinition.decode(broken, path: "p.yaml") }
    }
  }
}
