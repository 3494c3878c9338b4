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
    var channels = 8
    try builder.convBNReLU("stem", filters: channels, stride: 2)
    let blocks = [
      (16, 1), (32, 2), (32, 1), (64, 2), (64, 1), (128, 2), (128, 1), (128, 1), (128, 1),
      (128, 1), (128, 1), (256, 2), (256, 1),
    ]
    for (index, (filters, stride)) in blocks.enumerated() {
      let block = "block\(index + 1)"
      try builder.convBNReLU(
        block + ".depthwise", filters: channels, stride: stride, groups: channels)
      try builder.convBNReLU(block + ".pointwise", filters: filters, kernel: 1)
      channels = filters
    }
    try builder.append(.globalAvgPool, name: "pool")
    try builder.append(.dense(units: classCount, useBias: true), name: "classifier")
    return builder.graph
  }
}
