/// How `triscale serve` runs: where, with how many workers, what it accepts
/// and who may change it.
public struct ServeSettings: Sendable, Equatable {
  /// The address to listen on.
  public var host = "127.0.0.1"
  /// The port (0: any free one).
  public var port = 8500
  /// Worker threads per loaded model version.
  public var threads = 1
  /// The most images one run of a model takes (requests are batched up to it).
  public var maxBatch = 8
  /// How long a worker waits for more requests to fill a batch (0: take what is queued).
  public var batchWaitMicroseconds = 0
  /// Warm-up runs per worker when a version is loaded.
  public var warmUpRuns = 3
  /// The largest request body accepted, bytes.
  public var maxBodyBytes = 1 << 20
  /// The most images one request may carry.
  public var maxImagesPerRequest = 64
  /// The bearer token every mutating call must carry (nil: mutations are refused).
  public var token: String?
  /// How often the registry is polled for moved aliases, milliseconds.
  public var pollMilliseconds = 200
  /// The alias a request without a version or label is served by (the newest version when the model has no such alias).
  public var defaultAlias = "production"

  /// Cascades served under their own names.
  public var cascades: [CascadeSpec] = []

  /// The defaults.
  public init() {}
}
