import TriscaleGraph

/// One architecture the search considered: its genome, its figures on the
/// target, whether it meets the budget, and — when it does — its proxy
/// accuracy and how long its evaluation took.
public struct SearchCandidate: Codable, Equatable, Sendable {
  /// Its position in the order the search considered candidates (from 1).
  public var index: Int
  /// The canonical name (``MicroArchitecture/name``), which the zoo rebuilds.
  public var name: String
  /// The genome.
  public var architecture: MicroArchitecture
  /// RAM, flash, MACs and parameters from the generated project.
  public var figures: CandidateFigures
  /// Whether it meets the budget (only those are trained).
  public var feasible: Bool
  /// Top-1 on the held-out slice of the training set after proxy training (feasible only).
  public var proxyAccuracy: Double?
  /// Seconds spent on it: figures, and for a feasible one proxy training and scoring.
  public var seconds: Double

  /// A candidate record.
  public init(
    index: Int, architecture: MicroArchitecture, figures: CandidateFigures, feasible: Bool,
    proxyAccuracy: Double?, seconds: Double
  ) {
    (self.index, name, self.architecture, self.figures) = (
      index, architecture.name, architecture, figures
    )
    (self.feasible, self.proxyAccuracy, self.seconds) = (feasible, proxyAccuracy, seconds)
  }
}
