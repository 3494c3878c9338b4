/// One mini-batch of normalized images ready for a network.
public struct Batch: Sendable, Equatable {
  /// The images, NHWC, `count · height · width · channels` normalized floats.
  public var images: [Float]
  /// One label per image.
  public var labels: [Int32]
  /// The dataset index of each image, for tracing a prediction back to its
  /// source image.
  public var indices: [Int]
  /// The shape of ``images``: `[count, height, width, channels]`.
  public var shape: [Int]
  /// The augmentation view the images were drawn with (the epoch, unless the
  /// loader cycles through a fixed set: ``BatchLoader/augmentationViews``).
  public var view: Int = 0

  /// The number of images; smaller than the loader's batch size only for a
  /// final partial batch.
  public var count: Int { labels.count }
}
