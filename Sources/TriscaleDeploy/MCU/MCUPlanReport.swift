import TriscaleGraph

/// The arena plan in `report.json`: each buffer's offset, size and
/// lifetime (and the buffer it takes over in place), and the convolution →
/// residual add pairs run fused, so a reader sees where every byte goes.
public struct MCUPlanReport: Codable, Equatable, Sendable {
  /// One buffer of the plan.
  public struct Buffer: Codable, Equatable, Sendable {
    /// What it holds (a tensor, one row of a fused convolution, scratch).
    public var name: String
    /// Its byte offset in the arena.
    public var offset: Int
    /// Its size in bytes.
    public var bytes: Int
    /// The first step that uses it.
    public var firstUse: Int
    /// The last step that uses it.
    public var lastUse: Int
    /// The buffer whose bytes it takes over in place, by name.
    public var inPlaceOf: String?
  }

  /// One fused pair, by layer.
  public struct Fusion: Codable, Equatable, Sendable {
    /// The convolution computed a row at a time.
    public var convolution: String
    /// The add that sums each row into the skip tensor.
    public var add: String
    /// The skip tensor the sum is written over.
    public var skip: String
    /// Bytes of the row buffer.
    public var rowBytes: Int
  }

  /// The arena's size in bytes.
  public var arenaBytes: Int
  /// The buffers in offset order.
  public var buffers: [Buffer]
  /// The fused pairs.
  public var fusions: [Fusion]

  /// The report of `plan`, made for `model` with `fusions`.
  init(plan: MemoryPlan, fusions: [ResidualFusion], model: Int8Model) {
    arenaBytes = plan.arenaByteCount
    buffers = plan.buffers.indices.sorted { (plan.offsets[$0], $0) < (plan.offsets[$1], $1) }
      .map { index in
        let buffer = plan.buffers[index]
        return Buffer(
          name: buffer.name, offset: plan.offsets[index], bytes: buffer.byteCount,
          firstUse: buffer.firstUse, lastUse: buffer.lastUse,
          inPlaceOf: buffer.inPlaceOf.map { plan.buffers[$0].name })
      }
    self.fusions = fusions.map { fusion in
      func layer(_ step: Int) -> String { model.tensors[model.operations[step].output].name }
      return Fusion(
        convolution: layer(fusion.convolution), add: layer(fusion.add),
        skip: model.tensors[fusion.skip].name, rowBytes: fusion.rowByteCount)
    }
  }
}
