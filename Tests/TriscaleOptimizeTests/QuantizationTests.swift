import Testing
import TriscaleCore
import TriscaleData
import TriscaleEngine
import TriscaleGraph
import TriscaleInt8

@testable import TriscaleOptimize

@Suite("Post-training quantization")
struct QuantizationTests {
  @Test("int8 logits follow the float logits", arguments: ["minmax", "percentile:99.9", "mse"])
  func int8FollowsFloat(calibration: String) throws {
    let graph = try ModelZoo.graph(named: "resnet8")
    let parameters = OptimizeFixtures.parameters(for: graph, seed: 5)
    let (images, dataset) = try OptimizeFixtures.images(count: 64)
    let model = try PostTrainingQuantizer.quantize(
      graph: graph, parameters: parameters, calibration: dataset,
      normalization: .fit(dataset), images: 64, method: CalibrationMethod(parsing: calibration))
    let expected = try OptimizeFixtures.outputs(
      graph: graph, parameters: parameters, images: images)
    let executor = try Int8Executor(model: model)
    let pixels = graph.inputShape.reduce(1, *)
    var agree = 0
    var worst: Float = 0
    let range = (expected.max() ?? 0) - (expected.min() ?? 0)
    for image in 0..<64 {
      let input = images[(image * pixels)..<((image + 1) * pixels)]
      let logits = try model.dequantizeOutput(
        executor.run(Array(input).withUnsafeBufferPointer { model.quantizeInput($0) }))
      let reference = Array(expected[(image * 10)..<((image + 1) * 10)])
      worst = max(worst, zip(logits, reference).map { abs($0 - $1) }.max()!)
      if logits.indices.max(by: { logits[$0] < logits[$1] })
        == reference.indices.max(by: { reference[$0] < reference[$1] })
      {
        agree += 1
      }
    }
    #expect(worst <= 0.1 * range, "largest logit error \(worst) over a logit range of \(range)")
    #expect(agree >= 56, "top-1 agreement \(agree) of 64")
  }

  @Test("an empty calibration set is refused")
  func emptyCalibration() throws {
    let graph = try ModelZoo.graph(named: "dscnn-micro")
    let dataset = SyntheticDataset.standard(split: .test)
    #expect(throws: TriscaleError.self) {
      try PostTrainingQuantizer.quantize(
        graph: graph, parameters: ParameterStore(initializing: graph, seed: 1),
        calibration: dataset, normalization: .fit(dataset), images: 0)
    }
  }

  @Test("a graph with softmax is refused, naming the node")
  func unsupportedOperation() throws {
    var builder = GraphBuilder(name: "with-softmax", inputShape: [32, 32, 3])
    try builder.convBNReLU("conv", filters: 4)
    try builder.append(.globalAvgPool, name: "pool")
    try builder.append(.dense(units: 10, useBias: true), name: "logits")
    try builder.append(.softmax, name: "probabilities")
    let dataset = SyntheticDataset.standard(split: .test).prefix(8)
    do {
      _ = try PostTrainingQuantizer.quantize(
        graph: builder.graph, parameters: ParameterStore(initializing: builder.graph, seed: 1),
        calibration: dataset, normalization: .fit(dataset), images: 8)
      Issue.record("quantizing a softmax should fail")
    } catch let error as TriscaleError {
      #expect(error.description.contains("probabilities"))
    }
  }

  @Test("calibration methods parse and reject nonsense")
  func calibrationParsing() throws {
    #expect(try CalibrationMethod(parsing: "percentile") == .percentile(99.99))
    #expect(try CalibrationMethod(parsing: "mse") == .meanSquaredError)
    for bad in ["percentile:120", "percentile:x", "kl", ""] {
      #expect(throws: TriscaleError.self) { try CalibrationMethod(parsing: bad) }
    }
  }
}
