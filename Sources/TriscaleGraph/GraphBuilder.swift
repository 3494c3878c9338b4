import TriscaleCore

/// Builds a ``Graph`` node by node, inferring each output shape and rejecting
/// operations whose inputs do not fit.
public struct GraphBuilder: Sendable {
  /// The graph built so far.
  public private(set) var graph: Graph
  /// The names in ``graph``, so a duplicate is found in constant time.
  private var nodeNames: Set<String> = ["input"]

  /// Starts a graph whose input is an image of `inputShape` = [H, W, C].
  public init(name: String, inputShape: [Int]) {
    graph = Graph(
      name: name, nodes: [Node(name: "input", operation: .input, inputs: [], shape: inputShape)])
  }

  /// The index of the most recently added node.
  public var last: Int { graph.nodes.count - 1 }

  /// Appends `operation` reading `inputs` (default: the last node) and returns its index.
  @discardableResult
  public mutating func append(_ operation: Operation, inputs: [Int]? = nil, name: String? = nil)
    throws -> Int
  {
    let sources = inputs ?? [last]
    let nodeName = name ?? "\(operation.kindName)_\(graph.nodes.count)"
    guard !nodeNames.contains(nodeName) else {
      throw TriscaleError.invalidModel(
        problem: "duplicate node name '\(nodeName)'", fix: "Give every node a unique name")
    }
    for source in sources where source < 0 || source >= graph.nodes.count {
      throw TriscaleError.invalidModel(
        problem: "node '\(nodeName)' reads node \(source), which does not precede it",
        fix: "Nodes may only read earlier nodes")
    }
    let shapes = sources.map { graph.nodes[$0].shape }
    let shape = try ShapeInference.outputShape(of: operation, inputs: shapes, node: nodeName)
    graph.nodes.append(Node(name: nodeName, operation: operation, inputs: sources, shape: shape))
    nodeNames.insert(nodeName)
    return last
  }

  /// Convolution, batch normalization and (optionally) ReLU, named `name`, `name.bn`, `name.relu`.
  @discardableResult
  public mutating func convBNReLU(
    _ name: String, filters: Int, kernel: Int = 3, stride: Int = 1, groups: Int = 1,
    relu: Bool = true,
    from input: Int? = nil
  ) throws -> Int {
    try append(
      .conv2d(Conv2DAttributes(filters: filters, kernel: kernel, stride: stride, groups: groups)),
      inputs: input.map { [$0] }, name: name)
    try append(.batchNorm(epsilon: 1e-3, momentum: 0.99), name: name + ".bn")
    if relu { try append(.relu, name: name + ".relu") }
    return last
  }
}
