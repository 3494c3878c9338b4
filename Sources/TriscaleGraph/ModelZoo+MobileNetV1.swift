extension ModelZoo {
  /// The MLPerf Tiny visual-wake-words reference: MobileNetV1 at width 0.25
  /// (an 8-filter stride-2 stem, then 13 depthwise-separable blocks of
  /// 16 to 256 filters with stride 2 at blocks 2, 4, 6 and 12), global
  /// average pool and the classifier, ReLU throughout, as in
  /// `mlcommons/tiny` `benchmark/training/visual_wake_words/vww_model.py`.
  /// At its benchmark shape (96×96×3, 2 classes): 7.49 M MACs. Any input size works.
  public static func mobileNetV1VWW(
    inputShape: [Int] = defaultInputShape, classCount: Int = defaultClassCount
  ) throws -> Graph {
    var builder = GraphBuilder(name: "mobilenet-v1-vww", inputShape: inputShape)
    try builder.convBNReLU("stem", filters: 8, stride: 2)
    let blocks = [
      (16, 1), (32, 2), (32, 1), (64, 2), (64, 1), (128, 2), (128, 1), (128, 1), (128, 1),
      (128, 1), (128, 1), (256, 2), (256, 1),
    ]
    try depthwiseSeparable(&builder, channels: 8, blocks: blocks, classCount: classCount)
    return builder.graph
  }

  /// Appends to `builder`, whose last node has `channels` channels, one
  /// depthwise-separable block per (filters, stride) of `blocks` — a 3×3
  /// depthwise convolution at that stride and a 1×1 pointwise one to that
  /// many filters, each with batch norm and ReLU, named `blockN.depthwise`
  /// and `blockN.pointwise` — then the global average pool and the classifier.
  static func depthwiseSeparable(
    _ builder: inout GraphBuilder, channels: Int, blocks: [(filters: Int, stride: Int)],
    classCount: Int
  ) throws {
    var channels = channels
    for (index, (filters, stride)) in blocks.enumerated() {
      let block = "block\(index + 1)"
      try builder.convBNReLU(
        block + ".depthwise", filters: channels, stride: stride, groups: channels)
      try builder.convBNReLU(block + ".pointwise", filters: filters, kernel: 1)
      channels = filters
    }
    try builder.append(.globalAvgPool, name: "pool")
    try builder.append(.dense(units: classCount, useBias: true), name: "classifier")
  }
}
