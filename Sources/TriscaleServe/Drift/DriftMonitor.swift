import Foundation
import TriscaleArtifact

/// Compares the latest live images of one served version with its model
/// card's ``DriftReference`` and says when they stop looking alike.
///
/// Every image contributes its input statistics (``ImageStatistics``) and the
/// model's top-1 confidence. Every `checkEvery` images, once `window` images
/// are in, each statistic of the last `window` is tested against the
/// reference with Kolmogorov–Smirnov; the window is flagged when the smallest
/// p-value is below `significance` divided by the number of statistics
/// (Bonferroni). Over the last `largeWindow` images the population stability
/// index is computed too, and flags at `psiThreshold` or more. The window's
/// accuracy is estimated from its confidence by the difference of
/// confidences (Guillory et al., 2021): the reference accuracy plus the
/// change of the mean top-1 confidence.
public final class DriftMonitor: @unchecked Sendable {
  /// How the monitor tests.
  public struct Settings: Sendable, Equatable {
    /// Images per Kolmogorov–Smirnov test.
    public var window = 200
    /// Images between tests.
    public var checkEvery = 50
    /// The family-wise significance of one test (all statistics together).
    ///
    /// 0.001 rather than the textbook 0.05: a test every 50 images is 200
    /// tests per 10,000 images, and at 0.05 a clean stream would raise about
    /// ten false alarms in them.
    public var significance = 0.001
    /// Images for the population stability index.
    public var largeWindow = 2000
    /// The index at which the large window is flagged.
    public var psiThreshold = 0.1

    /// The defaults.
    public init() {}
  }

  /// The result of the latest test.
  public struct Status: Codable, Equatable, Sendable {
    /// Images observed so far.
    public var observed: Int
    /// Whether the latest test flagged drift.
    public var drifted: Bool
    /// Per statistic: KS statistic, its p-value, and the PSI of the large window (nil until full).
    public var statistics: [StatisticStatus]
    /// The reference accuracy plus the change of mean top-1 confidence from the reference to the window.
    public var estimatedAccuracy: Double
    /// The accuracy measured on the reference's evaluation images.
    public var referenceAccuracy: Double
    /// Alerts raised so far (a change from not drifted to drifted).
    public var alerts: Int
    /// The image count at the first alert, if any.
    public var firstAlertAt: Int?
  }

  /// One statistic's figures in a ``Status``.
  public struct StatisticStatus: Codable, Equatable, Sendable {
    /// Its name.
    public var name: String
    /// Kolmogorov–Smirnov statistic of the window.
    public var ks: Double
    /// Its p-value.
    public var pValue: Double
    /// Population stability index of the large window (nil until it is full).
    public var psi: Double?
  }

  /// The reference compared with.
  public let reference: DriftReference
  /// The settings.
  public let settings: Settings
  private let referenceConfidence: Double
  private let lock = NSLock()
  private var recent: [[Double]]
  private var observed = 0
  private var status: Status

  /// A monitor for `reference`; throws when it lacks a statistic the monitor follows.
  public init(reference: DriftReference, settings: Settings = Settings()) throws {
    let names = ImageStatistics.names + ["confidence"]
    guard
      names.allSatisfy({ name in
        reference.distributions.contains { $0.name == name && $0.quantiles.count >= 2 }
      })
    else {
      throw ServeError.badRequest(
        "the drift reference needs the statistics \(names.joined(separator: ", "))")
    }
    self.reference = reference
    self.settings = settings
    let confidence = reference.distributions.first { $0.name == "confidence" }!.quantiles
    referenceConfidence = confidence.reduce(0, +) / Double(confidence.count)
    recent = names.map { _ in [] }
    status = Status(
      observed: 0, drifted: false, statistics: [], estimatedAccuracy: 0,
      referenceAccuracy: reference.accuracy, alerts: 0, firstAlertAt: nil)
  }

  /// The statistics' names, in the order ``observe(_:)`` takes them.
  public static var statisticNames: [String] { ImageStatistics.names + ["confidence"] }

  /// Adds one image's statistics (``statisticNames`` order); returns the new
  /// status when a test ran, and whether it raised an alert.
  @discardableResult
  public func observe(_ values: [Double]) -> (status: Status, alert: Bool)? {
    lock.lock()
    defer { lock.unlock() }
    for (index, value) in values.enumerated() where index < recent.count {
      recent[index].append(value)
      if recent[index].count > settings.largeWindow { recent[index].removeFirst() }
    }
    observed += 1
    guard observed >= settings.window, observed % settings.checkEvery == 0 else { return nil }
    return test()
  }

  /// The latest status.
  public var current: Status { lock.withLock { status } }

  private func test() -> (status: Status, alert: Bool) {
    var results: [StatisticStatus] = []
    for (index, name) in Self.statisticNames.enumerated() {
      let quantiles = reference.distributions.first { $0.name == name }!.quantiles
      let window = Array(recent[index].suffix(settings.window))
      let (ks, p) = GoodnessOfFit.kolmogorovSmirnov(window, reference: quantiles)
      let psi =
        recent[index].count >= settings.largeWindow
        ? GoodnessOfFit.populationStability(recent[index], reference: quantiles) : nil
      results.append(StatisticStatus(name: name, ks: ks, pValue: p, psi: psi))
    }
    let perStatistic = settings.significance / Double(results.count)
    let drifted = results.contains {
      $0.pValue < perStatistic || ($0.psi ?? 0) >= settings.psiThreshold
    }
    let alert = drifted && !status.drifted
    let confidence = recent[Self.statisticNames.count - 1].suffix(settings.window)
    let windowConfidence = confidence.reduce(0, +) / Double(max(1, confidence.count))
    let estimate = reference.accuracy + windowConfidence - referenceConfidence
    status = Status(
      observed: observed, drifted: drifted, statistics: results,
      estimatedAccuracy: min(1, max(0, estimate)),
      referenceAccuracy: reference.accuracy, alerts: status.alerts + (alert ? 1 : 0),
      firstAlertAt: status.firstAlertAt ?? (alert ? observed : nil))
    return (status, alert)
  }
}
