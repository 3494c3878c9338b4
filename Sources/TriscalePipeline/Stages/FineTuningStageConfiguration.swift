import TriscaleData

/// The settings of a stage that fine-tunes a model on a dataset.
public protocol FineTuningSettings: ConfigurationPart {
  /// The default settings.
  init()
  /// Checks the settings, naming the key and the fix.
  func validate() throws
}

/// The configuration of a stage that changes a model and may fine-tune it
/// (prune, quantize): its own settings, a fine-tuning recipe and a dataset,
/// all keys side by side as the command's flags are.
public struct FineTuningStageConfiguration<Settings: FineTuningSettings>: FlatConfiguration {
  /// The stage's own settings.
  public var settings = Settings()
  /// The fine-tuning recipe.
  public var fineTune = FineTuneConfiguration()
  /// The dataset fine-tuned, calibrated and measured on.
  public var data = DatasetConfiguration()

  /// The defaults.
  public init() {}

  /// A configuration of the given parts.
  public init(settings: Settings, fineTune: FineTuneConfiguration, data: DatasetConfiguration) {
    (self.settings, self.fineTune, self.data) = (settings, fineTune, data)
  }

  /// The stage's keys, the fine-tuning recipe's and the data's.
  public static var parts: [PartAccess<Self>] {
    [PartAccess(\Self.settings), PartAccess(\.fineTune), PartAccess(\.data)]
  }

  /// Checks every part.
  public func validate() throws {
    try settings.validate()
    try fineTune.validate()
    try data.validate()
  }

  /// The data files' identity.
  public func externalFingerprint() throws -> String { try data.fingerprint() }
}
