/// A scenario's answer: the option chosen, the limit that binds, the
/// runners-up and what change would flip the answer, each said in a
/// sentence built from the numbers.
public struct Recommendation: Codable, Equatable, Sendable {
  /// The scenario's name.
  public var scenario: String
  /// Its device profile.
  public var device: String
  /// The option chosen, or nil when none meets every limit.
  public var chosen: ScenarioOption?
  /// The next best options that meet every limit, best first (at most two).
  public var runnersUp: [ScenarioOption]
  /// Options considered.
  public var optionCount: Int
  /// The limit that decides it, with the numbers: what better option it excludes and why.
  public var binding: String
  /// What change to the scenario would change the answer, and to what.
  public var flip: String
  /// The whole rationale, sentence by sentence (the summary, ``binding``, runners-up, ``flip``).
  public var rationale: [String]
}
