/// What a model's inputs and outputs looked like where it was measured: the
/// reference a server compares live traffic with to notice drift.
///
/// Each continuous statistic is kept as its quantiles (``quantileCount``
/// evenly spaced, 0 to 1), so a window of live values can be tested against
/// its distribution (Kolmogorov–Smirnov) or binned by its deciles
/// (population stability index) without the reference images.
public struct DriftReference: Codable, Equatable, Sendable {
  /// One statistic's distribution.
  public struct Distribution: Codable, Equatable, Sendable {
    /// The statistic's name ("brightness", "contrast", "roughness", "confidence").
    public var name: String
    /// Its quantiles at 0, 1/(n−1), …, 1, ascending.
    public var quantiles: [Double]
    /// Images it was measured on.
    public var count: Int
    /// Which images ("cifar10-train, 5000 images").
    public var source: String

    /// A distribution from its quantiles.
    public init(name: String, quantiles: [Double], count: Int, source: String) {
      (self.name, self.quantiles, self.count, self.source) = (name, quantiles, count, source)
    }
  }

  /// The number of quantiles kept per statistic.
  public static let quantileCount = 201

  /// Input statistics (from training images) and the top-1 confidence (from evaluation images).
  public var distributions: [Distribution]
  /// The share of each predicted class on the evaluation images.
  public var classMix: [Double]
  /// Top-1 accuracy measured on the evaluation images.
  public var accuracy: Double
  /// How and when it was measured (the command, host, date).
  public var provenance: Provenance

  /// A reference.
  public init(
    distributions: [Distribution], classMix: [Double], accuracy: Double, provenance: Provenance
  ) {
    (self.distributions, self.classMix, self.accuracy, self.provenance) = (
      distributions, classMix, accuracy, provenance
    )
  }
}
