/// One operation in a graph, with the nodes it reads and its inferred output shape.
public struct Node: Codable, Equatable, Sendable {
  /// A unique, human-readable name ("block2.conv1"), used for parameters and errors.
  public var name: String
  /// What the node computes.
  public var operation: Operation
  /// Indices of the nodes whose outputs this node reads, in order.
  public var inputs: [Int]
  /// The output shape without the batch dimension: [H, W, C] or [features].
  public var shape: [Int]

  /// A node from its parts; ``GraphBuilder`` infers `shape` for you.
  public init(name: String, operation: Operation, inputs: [Int], shape: [Int]) {
    self.name = name
    self.operation = operation
    self.inputs = inputs
    self.shape = shape
  }
}
