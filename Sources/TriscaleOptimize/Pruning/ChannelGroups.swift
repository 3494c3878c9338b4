import TriscaleGraph

/// Which nodes of a graph share a channel dimension. A full convolution
/// starts a group (its output channels); batch norm, activations, pooling,
/// dropout, flatten and depthwise convolutions pass their input's group on;
/// an add ties its inputs' groups together, so channels removed from one
/// branch of a residual connection are removed from the other. Groups that
/// reach the graph's input or output, and dense layers' outputs, are fixed.
struct ChannelGroups {
  /// Group of each node's output channels.
  private(set) var groupOf: [Int]
  /// Whether each group (by root) may lose channels.
  private(set) var prunable: [Int: Bool] = [:]
  private var parent: [Int]

  init(graph: Graph) {
    let count = graph.nodes.count
    parent = Array(0..<count)
    groupOf = Array(0..<count)
    var fixed = Set<Int>()
    for (index, node) in graph.nodes.enumerated() {
      switch node.operation {
      case .input:
        fixed.insert(index)
      case .conv2d(let attributes) where attributes.groups == 1:
        break
      case .dense:
        fixed.insert(index)
      case .add:
        groupOf[index] = groupOf[node.inputs[0]]
        for input in node.inputs.dropFirst() { union(groupOf[index], groupOf[input]) }
      default:
        groupOf[index] = groupOf[node.inputs[0]]
      }
    }
    fixed.insert(groupOf[count - 1])
    let fixedRoots = Set(fixed.map { find(groupOf[$0]) })
    for index in 0..<count {
      groupOf[index] = find(groupOf[index])
      prunable[groupOf[index]] = !fixedRoots.contains(groupOf[index])
    }
  }

  /// The group roots that may be pruned, in node order.
  var prunableGroups: [Int] {
    prunable.filter(\.value).map(\.key).sorted()
  }

  private mutating func find(_ node: Int) -> Int {
    var root = node
    while parent[root] != root { root = parent[root] }
    var current = node
    while parent[current] != root {
      let next = parent[current]
      parent[current] = root
      current = next
    }
    return root
  }

  private mutating func union(_ a: Int, _ b: Int) {
    let (rootA, rootB) = (find(a), find(b))
    if rootA != rootB { parent[max(rootA, rootB)] = min(rootA, rootB) }
  }
}
