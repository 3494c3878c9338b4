import Testing
import TriscaleCore
import TriscaleData
import TriscaleEngine
import TriscaleGraph
import TriscaleInt8

@testable import TriscaleOptimize

@Suite("Quantization-aware training")
struct QuantizationAwareTrainingTests {
  @Test("fake quantizers sit exactly where the int8 model has tensors")
  func fakeQuantizerPlacement() throws {
    let graph = try ModelZoo.graph(named: "resnet8")
    let folded = try InferenceGraph(
      graph: graph, parameters: OptimizeFixtures.parameters(for: graph, seed: 1))
    var ranges: [Int: (low: Float, high: Float)] = [:]
    for index in folded.graph.nodes.indices { ranges[index] = (-1, 1) }
    let training = try QuantizationAwareTraining.trainingGraph(folded.graph, ranges: ranges)
    let quantized = training.nodes.filter {
      if case .fakeQuantize = $0.operation { return true }
      return false
    }.map { $0.inputs[0] }.map { training.nodes[$0].name }
    // input, 3 stem/conv1 ReLUs + 3 conv2 (no ReLU: feed the add) + 2 shortcuts + 3 add ReLUs,
    // the global pool and the classifier.
    let expected = [
      "input", "stem.relu", "block1.conv1.relu", "block1.conv2", "block1.relu",
      "block2.conv1.relu", "block2.conv2", "block2.shortcut", "block2.relu", "block3.conv1.relu",
      "block3.conv2", "block3.shortcut", "block3.relu", "pool", "classifier",
    ]
    #expect(quantized.sorted() == expected.sorted())
    #expect(try training.validated() == training)
  }

  @Test("the fake-quantized float model predicts what the int8 model computes")
  func simulationMatchesInt8() throws {
    let graph = try ModelZoo.graph(named: "resnet8")
    let folded = try InferenceGraph(
      graph: graph, parameters: OptimizeFixtures.parameters(for: graph, seed: 7))
    let (images, dataset) = try OptimizeFixtures.images(count: 64)
    let normalization = Normalization.fit(dataset)
    let ranges = try PostTrainingQuantizer.calibratedRanges(
      of: folded, calibration: dataset, normalization: normalization, method: .minMax)
    let training = try QuantizationAwareTraining.trainingGraph(folded.graph, ranges: ranges)
    let weights = try WeightFakeQuantizer(graph: folded.graph).forwardParameters(
      from: folded.parameters)
    let simulated = try OptimizeFixtures.outputs(
      graph: training, parameters: weights, images: images)
    let model = try Int8Lowering.lower(
      graph: folded.graph, parameters: folded.parameters, ranges: ranges)
    let executor = try Int8Executor(model: model)
    let pixels = graph.inputShape.reduce(1, *)
    var totalSteps: Float = 0
    var sameTop1 = 0
    for image in 0..<64 {
      let input = Array(images[(image * pixels)..<((image + 1) * pixels)])
      let logits = model.dequantizeOutput(
        try executor.run(input.withUnsafeBufferPointer { model.quantizeInput($0) }))
      let expected = Array(simulated[(image * 10)..<((image + 1) * 10)])
      totalSteps +=
        zip(logits, expected).map { abs($0 - $1) }.reduce(0, +)
        / model.output.quantization.scale
      let top = { (values: [Float]) in values.indices.max { values[$0] < values[$1] }! }
      if top(logits) == top(expected) { sameTop1 += 1 }
    }
    #expect(totalSteps / 640 <= 1.0, "mean difference \(totalSteps / 640) output steps")
    #expect(sameTop1 >= 60, "same top-1 on \(sameTop1) of 64")
  }
}
