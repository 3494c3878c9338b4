import TriscaleData

/// What a model is and how far it can be trusted: the data it was trained on
/// and how to feed it, its shape, its lineage and its figures, each with its
/// provenance. Every model artifact carries one.
public struct ModelCard: Codable, Equatable, Sendable {
  /// The card layout this build writes and reads.
  public static let currentVersion = 1

  /// The card layout version.
  public var version = ModelCard.currentVersion
  /// The architecture's name ("resnet8").
  public var architecture: String
  /// "fp32" for float models, "int8" for fully quantized ones.
  public var precision: String
  /// The training dataset's name ("cifar10-train").
  public var dataset: String
  /// How images are normalized before the model sees them (nil when unknown).
  public var normalization: Normalization?
  /// One image's shape, [height, width, channels].
  public var inputShape: [Int]
  /// The number of classes the model predicts.
  public var classCount: Int
  /// One name per class (may be empty when unknown).
  public var classNames: [String]
  /// Where the model came from.
  public var lineage: Lineage
  /// Its figures, newest last.
  public var metrics: [Metric]
  /// What its inputs and outputs looked like where it was measured, for drift
  /// monitoring (nil until `triscale registry add --reference-data-dir` measures it).
  public var driftReference: DriftReference?

  /// A card.
  public init(
    architecture: String, precision: String, dataset: String, normalization: Normalization?,
    inputShape: [Int], classCount: Int, classNames: [String], lineage: Lineage,
    metrics: [Metric] = []
  ) {
    self.architecture = architecture
    self.precision = precision
    self.dataset = dataset
    self.normalization = normalization
    self.inputShape = inputShape
    self.classCount = classCount
    self.classNames = classNames
    self.lineage = lineage
    self.metrics = metrics
  }

  /// The newest metric named `name`, if any.
  public func metric(_ name: String) -> Metric? { metrics.last { $0.name == name } }

  /// A card for a child model: same data and classes, a new lineage, no figures yet.
  public func derived(
    architecture: String? = nil, precision: String? = nil, inputShape: [Int]? = nil,
    lineage: Lineage
  ) -> ModelCard {
    ModelCard(
      architecture: architecture ?? self.architecture, precision: precision ?? self.precision,
      dataset: dataset, normalization: normalization, inputShape: inputShape ?? self.inputShape,
      classCount: classCount, classNames: classNames, lineage: lineage)
  }
}
