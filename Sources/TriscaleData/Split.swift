/// Which part of a dataset to load: the images to learn from or the held-out
/// images to measure on.
public enum Split: String, Sendable, CaseIterable, Codable {
  /// The training images.
  case train
  /// The held-out test images.
  case test
}
