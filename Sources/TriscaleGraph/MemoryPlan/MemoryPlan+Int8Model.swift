extension MemoryPlan {
  /// Plans `model`'s activations and its operations' scratch in one arena.
  ///
  /// Buffer `t` (for `t` below the tensor count) is tensor `t`: it lives from
  /// the operation that writes it to the last one that reads it; the input
  /// lives from step 0, the output to one step past the last operation (so
  /// both stay readable around a run). Then, for each operation `i` with
  /// `scratchByteCounts[i] > 0`, one buffer alive at step `i` only
  /// (``scratchBuffers(in:scratchByteCounts:)`` finds them). `scratchByteCounts` is empty or
  /// has one entry per operation.
  ///
  /// Each of `fusions` runs its convolution at its add's step: the
  /// convolution's input lives until then, its output buffer is one row
  /// (``ResidualFusion/rowByteCount``) alive at that step only, its scratch
  /// moves there too, and the add's output is in place of the skip tensor.
  public init(
    model: Int8Model, scratchByteCounts: [Int] = [], fusing fusions: [ResidualFusion] = [],
    alignment: Int = 16
  ) {
    precondition(
      scratchByteCounts.isEmpty || scratchByteCounts.count == model.operations.count,
      "one scratch size per operation")
    var runsAt = Array(model.operations.indices)
    for fusion in fusions { runsAt[fusion.convolution] = fusion.add }
    var buffers = model.tensors.map {
      MemoryBuffer(name: $0.name, byteCount: $0.elementCount, firstUse: 0, lastUse: 0)
    }
    for (index, operation) in model.operations.enumerated() {
      let step = runsAt[index]
      buffers[operation.output].firstUse = step
      buffers[operation.output].lastUse = max(buffers[operation.output].lastUse, step)
      for input in operation.inputs {
        buffers[input].lastUse = max(buffers[input].lastUse, step)
      }
    }
    buffers[buffers.count - 1].lastUse = model.operations.count
    for fusion in fusions {
      let convolution = model.operations[fusion.convolution].output
      buffers[convolution].name += " (one row)"
      buffers[convolution].byteCount = fusion.rowByteCount
      buffers[model.operations[fusion.add].output].inPlaceOf = fusion.skip
    }
    for (index, bytes) in scratchByteCounts.enumerated() where bytes > 0 {
      let owner = model.tensors[model.operations[index].output].name
      buffers.append(
        MemoryBuffer(
          name: "scratch of \(owner)", byteCount: bytes, firstUse: runsAt[index],
          lastUse: runsAt[index]))
    }
    self.init(buffers: buffers, alignment: alignment)
  }

  /// For each of `model`'s operations, the index of its scratch buffer in a
  /// plan made by ``init(model:scratchByteCounts:fusing:alignment:)``, or `nil`
  /// when it asked for none.
  public static func scratchBuffers(in model: Int8Model, scratchByteCounts: [Int]) -> [Int?] {
    var next = model.tensors.count
    return model.operations.indices.map { step in
      guard step < scratchByteCounts.count, scratchByteCounts[step] > 0 else { return nil }
      defer { next += 1 }
      return next
    }
  }
}
