import Testing
import TriscaleCore

@testable import TriscaleGraph

@Suite("Shape inference")
struct ShapeInferenceTests {
  /// Expects `body` to throw a `TriscaleError` whose message contains every fragment.
  private func expectModelError(_ fragments: [String], _ body: () throws -> Void) {
    #expect {
      try body()
    } throws: { error in
      guard let error = error as? TriscaleError, case .invalidModel = error else { return false }
      return fragments.allSatisfy { "\(error)".contains($0) }
    }
  }

  @Test("groups that do not divide the channels are rejected")
  func badGroups() {
    expectModelError(["node 'grouped'", "3 groups do not divide 16 input and 16 output channels"]) {
      var builder = GraphBuilder(name: "bad", inputShape: [8, 8, 16])
      try builder.append(
        .conv2d(Conv2DAttributes(filters: 16, kernel: 3, groups: 3)), name: "grouped")
    }
  }

  @Test("adding tensors of different shapes is rejected")
  func mismatchedAdd() {
    expectModelError(["node 'sum' (add)", "input shapes differ: [8, 8, 16] vs [4, 4, 16]"]) {
      var builder = GraphBuilder(name: "bad", inputShape: [8, 8, 3])
      let full = try builder.append(.conv2d(Conv2DAttributes(filters: 16, kernel: 3)))
      let half = try builder.append(.conv2d(Conv2DAttributes(filters: 16, kernel: 3, stride: 2)))
      try builder.append(.add, inputs: [full, half], name: "sum")
    }
  }

  @Test("a dense layer on an [H, W, C] input asks for flatten or pooling")
  func denseOnImage() {
    expectModelError(["node 'fc' (dense)", "expects a flat input", "got [8, 8, 3]"]) {
      var builder = GraphBuilder(name: "bad", inputShape: [8, 8, 3])
      try builder.append(.dense(units: 10, useBias: true), name: "fc")
    }
  }

  @Test("same and valid padding give TensorFlow's output sizes")
  func spatialSizes() throws {
    var builder = GraphBuilder(name: "sizes", inputShape: [7, 7, 4])
    let same = try builder.append(.conv2d(Conv2DAttributes(filters: 8, kernel: 3, stride: 2)))
    let valid = try builder.append(.maxPool(PoolAttributes(size: 3, stride: 2)), inputs: [0])
    #expect(builder.graph.nodes[same].shape == [4, 4, 8])
    #expect(builder.graph.nodes[valid].shape == [3, 3, 4])
    #expect(ShapeInference.samePadding(input: 7, window: 3, stride: 2) == (before: 1, after: 1))
  }
}
