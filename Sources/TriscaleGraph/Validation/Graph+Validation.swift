import TriscaleCore

extension Graph {
  /// Checks a graph read from a file before any arithmetic on its numbers,
  /// in time linear in its size, and returns it with its shapes recomputed.
  ///
  /// Throws ``TriscaleError/invalidModel(problem:fix:)`` naming the first
  /// problem: more than ``ModelLimits/maxNodeCount`` nodes; a first node
  /// that is not an [H, W, C] input within ``ModelLimits``; a duplicate
  /// name; an edge to a node that does not precede; attributes outside
  /// ``ModelLimits`` or that do not fit their inputs (``ShapeInference``);
  /// or a stored shape that differs from the one inference derives.
  public func validated() throws -> Graph {
    func fail(_ problem: String) -> TriscaleError {
      .invalidModel(
        problem: "graph '\(name)' \(problem)",
        fix: "Rebuild the model with `triscale train` or a zoo name")
    }
    guard nodes.count <= ModelLimits.maxNodeCount else {
      throw fail("has \(nodes.count) nodes, more than the limit of \(ModelLimits.maxNodeCount)")
    }
    guard let first = nodes.first, first.operation == .input else {
      throw fail("does not start with an input node")
    }
    try ModelLimits.checkImageShape(first.shape, "input shape", fail)
    var builder = GraphBuilder(name: name, inputShape: first.shape)
    for node in nodes.dropFirst() {
      let index = try builder.append(node.operation, inputs: node.inputs, name: node.name)
      let inferred = builder.graph.nodes[index].shape
      guard node.shape == inferred else {
        throw fail(
          "stores shape \(node.shape) for node '\(node.name)', but its inputs and attributes give \(inferred)"
        )
      }
    }
    return builder.graph
  }
}
