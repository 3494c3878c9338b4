import TriscaleCore

/// The corruptions a drift simulation applies to a stream of images, at
/// CIFAR-10-C's severity 3 (Hendrycks and Dietterich, 2019), on pixel values
/// 0...255, clipped.
public enum DriftCorruption: String, CaseIterable, Sendable {
  /// No change: the clean stream, for counting false alarms.
  case none
  /// Every value + 0.3 × 255.
  case brightness
  /// Values pulled toward the image mean: mean + 0.4 × (value − mean).
  case contrast
  /// Gaussian noise with σ = 0.08 × 255.
  case noise

  /// `pixels` (one image) corrupted; `random` draws the noise.
  public func apply(_ pixels: [Float], random: inout SeededRandom) -> [Float] {
    switch self {
    case .none: return pixels
    case .brightness: return pixels.map { min(255, $0 + 0.3 * 255) }
    case .contrast:
      let mean = pixels.reduce(0, +) / Float(max(1, pixels.count))
      return pixels.map { mean + 0.4 * ($0 - mean) }
    case .noise:
      return pixels.map { min(255, max(0, $0 + 0.08 * 255 * random.nextNormal())) }
    }
  }
}
