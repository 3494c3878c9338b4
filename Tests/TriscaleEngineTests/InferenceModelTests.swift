import Testing
import TriscaleCore
import TriscaleGraph
import TriscaleTestSupport

@testable import TriscaleEngine

@Suite("Inference models")
struct InferenceModelTests {
  @Test(
    "bound float inference equals the executor's per-call forward bit for bit, split and padded")
  func floatMatchesExecutor() throws {
    let graph = try ModelZoo.graph(named: "resnet8")
    let parameters = TestValues.parameters(for: graph, seed: 11)
    let pixels = graph.inputShape.reduce(1, *)
    let images = TestValues.uniform(7 * pixels, in: -1...1, seed: 12)
    let model = try FloatInferenceModel(graph: graph, parameters: parameters, batchSize: 3)
    let bound = try images.withUnsafeBufferPointer { try model.logits(for: $0) }

    let executor = try FloatExecutor(graph: graph, batchSize: 3, training: false)
    var expected: [Float] = []
    var store = parameters
    for start in stride(from: 0, to: images.count, by: 3 * pixels) {
      var run = Array(images[start..<min(start + 3 * pixels, images.count)])
      let count = run.count / pixels
      run += [Float](repeating: 0, count: 3 * pixels - run.count)
      let output = try run.withUnsafeBufferPointer {
        try executor.forward(images: $0, parameters: &store, training: false)
      }
      expected += output[0..<(count * executor.outputWidth)]
    }
    #expect(bound == expected)
    #expect(model.outputWidth == 10)
  }

  @Test("int8 inference quantizes, runs and dequantizes each image")
  func int8MatchesExecutor() throws {
    let int8 = RandomInt8Model.make(seed: 5)
    let model = try Int8InferenceModel(model: int8)
    let images = TestValues.uniform(3 * model.inputElementCount, in: -1...1, seed: 6)
    let logits = try images.withUnsafeBufferPointer { try model.logits(for: $0) }
    var expected: [Float] = []
    for start in stride(from: 0, to: images.count, by: model.inputElementCount) {
      let image = Array(images[start..<(start + model.inputElementCount)])
      let quantized = image.withUnsafeBufferPointer { int8.quantizeInput($0) }
      expected += int8.dequantizeOutput(try model.executor.run(quantized))
    }
    #expect(logits == expected)
  }

  @Test("a batch that is not whole images is rejected")
  func partialImage() throws {
    let model = try Int8InferenceModel(model: RandomInt8Model.make(seed: 5))
    let images = [Float](repeating: 0, count: model.inputElementCount + 1)
    #expect(throws: TriscaleError.self) {
      try images.withUnsafeBufferPointer { try model.logits(for: $0) }
    }
  }

  @Test("the latency timer runs warm-up and timed calls and orders its percentiles")
  func latencySummary() throws {
    var calls = 0
    let summary = try LatencyTimer.measure(warmup: 3, runs: 20) { calls += 1 }
    #expect(calls == 23)
    #expect(summary.runs == 20)
    #expect(summary.p10Milliseconds <= summary.medianMilliseconds)
    #expect(summary.medianMilliseconds <= summary.p90Milliseconds)
    let model = try Int8InferenceModel(model: RandomInt8Model.make(seed: 5))
    #expect(try LatencyTimer.measure(model, warmup: 1, runs: 10).runs == 10)
    #expect(throws: TriscaleError.self) { try LatencyTimer.measure(warmup: 0, runs: 0) {} }
  }
}
