import TriscaleCore

/// The largest models Triscale reads, checked before any arithmetic on a
/// model's numbers so that no size or offset computed from them can
/// overflow, and no crafted file can ask for unbounded work or memory.
///
/// The limits are far above any model Triscale trains or deploys (resnet8
/// has 76 nodes, 32×32×3 inputs and at most 64 channels) and low enough that
/// every product below fits an `Int32`, as the int8 kernels and TensorFlow
/// Lite's shapes require:
///
/// - an activation or weight tensor has at most ``maxElementCount`` elements;
/// - every height, width, channel count, unit count, window, stride and
///   group count is in 1...``maxExtent`` (a flattened vector may be longer);
/// - a graph has at most ``maxNodeCount`` nodes, an int8 model at most
///   ``maxNodeCount`` tensors and operations.
public enum ModelLimits {
  /// The most nodes of a float graph, and tensors or operations of an int8 model.
  public static let maxNodeCount = 1_000_000
  /// The largest extent, channel count, unit count, window, stride or group count.
  public static let maxExtent = 65_536
  /// The most elements of one activation (per image) or weight tensor: 2^28,
  /// one GiB of fp32.
  public static let maxElementCount = 1 << 28

  /// The product of `factors` (a shape's extents), or `nil` when a factor
  /// is below 1 or the product exceeds ``maxElementCount``; checked step by
  /// step, so it never overflows.
  public static func elementCount(of factors: [Int]) -> Int? {
    var product = 1
    for factor in factors {
      guard factor >= 1 else { return nil }
      let (next, overflow) = product.multipliedReportingOverflow(by: factor)
      guard !overflow, next <= maxElementCount else { return nil }
      product = next
    }
    return product
  }

  /// Throws unless `value` is in 1...``maxExtent``; `what` names it ("kernel").
  static func checkExtent(_ value: Int, _ what: String, _ fail: (String) -> TriscaleError) throws {
    guard (1...maxExtent).contains(value) else {
      throw fail("\(what) \(value) is outside 1...\(maxExtent)")
    }
  }

  /// Throws unless `factors` multiply to at most ``maxElementCount``
  /// elements; `what` names the tensor ("output [4, 4, 8]").
  static func checkElementCount(
    _ factors: [Int], _ what: String, _ fail: (String) -> TriscaleError
  ) throws {
    guard elementCount(of: factors) != nil else {
      throw fail("\(what) needs extents of at least 1 and at most \(maxElementCount) elements")
    }
  }

  /// Throws unless `shape` is an image [H, W, C] with every extent in
  /// 1...``maxExtent`` and at most ``maxElementCount`` elements.
  static func checkImageShape(
    _ shape: [Int], _ what: String, _ fail: (String) -> TriscaleError
  ) throws {
    guard shape.count == 3 else { throw fail("\(what) \(shape) is not [H, W, C]") }
    for (extent, dimension) in zip(shape, ["height", "width", "channels"]) {
      try checkExtent(extent, "\(what) \(dimension)", fail)
    }
    try checkElementCount(shape, "\(what) \(shape)", fail)
  }
}
