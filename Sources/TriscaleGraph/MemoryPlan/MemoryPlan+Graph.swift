extension MemoryPlan {
  /// Plans the activations of a float `graph` run for inference, so a RAM
  /// estimate exists before quantizing: one buffer per node of
  /// `batchSize · elements · bytesPerElement` bytes (fp32: 4, fp16 and
  /// bf16: 2, int8: 1), alive from the node that computes it to its last
  /// reader; the input from step 0, the output to one step past the last
  /// node. Steps are node indices. Every node gets its own buffer (no
  /// in-place ops), so this is an upper bound for runtimes that fuse.
  public init(graph: Graph, bytesPerElement: Int, batchSize: Int = 1, alignment: Int = 16) {
    let consumers = graph.consumers
    var buffers = graph.nodes.enumerated().map { index, node in
      MemoryBuffer(
        name: node.name,
        byteCount: batchSize * node.shape.reduce(1, *) * bytesPerElement,
        firstUse: index, lastUse: consumers[index].max() ?? index)
    }
    if !buffers.isEmpty { buffers[buffers.count - 1].lastUse = graph.nodes.count }
    self.init(buffers: buffers, alignment: alignment)
  }
}
