import Testing
import TriscaleCore
import TriscaleGraph

/// Float graphs as a crafted model file could hold them: attributes near
/// `Int.max` or zero, extents beyond the limits, stored shapes that
/// contradict inference. Each is refused with the node and the field named,
/// and none traps.
@Suite("Graph validation")
struct GraphValidationTests {
  /// A small valid graph: conv → batch norm → relu → pool → flatten → dense.
  private static func sample() throws -> Graph {
    var builder = GraphBuilder(name: "sample", inputShape: [8, 8, 3])
    try builder.append(.conv2d(Conv2DAttributes(filters: 4, kernel: 3)), name: "conv")
    try builder.append(.batchNorm(epsilon: 1e-3, momentum: 0.9), name: "conv.bn")
    try builder.append(.relu, name: "conv.relu")
    try builder.append(.maxPool(PoolAttributes(size: 2, stride: 2)), name: "pool")
    try builder.append(.flatten, name: "flat")
    try builder.append(.dense(units: 10, useBias: true), name: "logits")
    return builder.graph
  }

  private func expectRefusal(
    _ graph: Graph, _ fragments: [String], sourceLocation: SourceLocation = #_sourceLocation
  ) {
    #expect(sourceLocation: sourceLocation) {
      _ = try graph.validated()
    } throws: { error in
      guard let error = error as? TriscaleError, case .invalidModel = error else { return false }
      let message = "\(error)"
      return fragments.allSatisfy(message.contains) && !message.contains("\n")
    }
  }

  /// Node 1's convolution with `edit` applied.
  private func withConvolution(_ edit: (inout Conv2DAttributes) -> Void) throws -> Graph {
    var graph = try Self.sample()
    guard case .conv2d(var attributes) = graph.nodes[1].operation else {
      throw TriscaleError.invalidModel(problem: "node 1 is not a convolution", fix: "")
    }
    edit(&attributes)
    graph.nodes[1].operation = .conv2d(attributes)
    return graph
  }

  @Test func sampleIsValid() throws {
    let graph = try Self.sample()
    #expect(try graph.validated() == graph)
  }

  @Test(arguments: [
    ("kernel", Int.max), ("kernel", 0), ("kernel", 1 << 31), ("stride", 0), ("stride", Int.max),
    ("filters", Int.max), ("filters", -1), ("groups", 0), ("groups", Int.min),
  ])
  func convolutionAttributeOutOfRange(field: String, value: Int) throws {
    let graph = try withConvolution { attributes in
      switch field {
      case "kernel": attributes.kernel = value
      case "stride": attributes.stride = value
      case "filters": attributes.filters = value
      default: attributes.groups = value
      }
    }
    expectRefusal(graph, ["node 'conv'", "\(field) \(value) is outside 1...65536"])
  }

  @Test func convolutionWhoseKernelTensorIsTooLargeIsRefused() throws {
    var builder = GraphBuilder(name: "wide", inputShape: [8, 8, 65_536])
    #expect(throws: TriscaleError.self) {
      try builder.append(.conv2d(Conv2DAttributes(filters: 65_536, kernel: 1)), name: "conv")
    }
  }

  @Test(arguments: [("size", Int.max), ("size", 0), ("stride", 0), ("stride", Int.max)])
  func poolAttributeOutOfRange(field: String, value: Int) throws {
    var graph = try Self.sample()
    var attributes = PoolAttributes(size: 2, stride: 2)
    if field == "size" { attributes.size = value } else { attributes.stride = value }
    graph.nodes[4].operation = .maxPool(attributes)
    expectRefusal(graph, ["node 'pool'", "\(field) \(value) is outside 1...65536"])
  }

  @Test(arguments: [Int.max, 0, -5])
  func denseUnitsOutOfRange(units: Int) throws {
    var graph = try Self.sample()
    graph.nodes[6].operation = .dense(units: units, useBias: true)
    expectRefusal(graph, ["node 'logits'", "units \(units) is outside 1...65536"])
  }

  @Test(arguments: [
    ([Int.max, 8, 3], "input shape height"), ([8, 0, 3], "input shape width"),
    ([8, 8, 1 << 31], "input shape channels"), ([8, 8], "is not [H, W, C]"),
    ([65_536, 65_536, 3], "at most 268435456 elements"),
  ])
  func inputShapeOutOfRange(shape: [Int], fragment: String) throws {
    var graph = try Self.sample()
    graph.nodes[0].shape = shape
    expectRefusal(graph, [fragment])
  }

  @Test func storedShapeThatContradictsInferenceIsRefused() throws {
    var graph = try Self.sample()
    graph.nodes[4].shape = [4, 4, 5]
    expectRefusal(graph, ["stores shape [4, 4, 5] for node 'pool'", "give [4, 4, 4]"])
  }

  @Test func infiniteEpsilonIsRefused() throws {
    var graph = try Self.sample()
    graph.nodes[2].operation = .batchNorm(epsilon: .infinity, momentum: 0.9)
    expectRefusal(graph, ["node 'conv.bn'", "epsilon must be finite"])
  }

  @Test func duplicateNameIsRefused() throws {
    var graph = try Self.sample()
    graph.nodes[3].name = "conv"
    expectRefusal(graph, ["duplicate node name 'conv'"])
  }

  @Test(arguments: [-1, 6, Int.max])
  func edgeToALaterOrMissingNodeIsRefused(source: Int) throws {
    var graph = try Self.sample()
    graph.nodes[5].inputs = [source]
    expectRefusal(graph, ["node 'flat' reads node \(source)"])
  }
}
