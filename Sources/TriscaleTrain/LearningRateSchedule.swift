import Foundation
import TriscaleCore

/// How the learning rate changes over training, as a pure function of the
/// step and the total number of steps.
///
/// Warmup rises linearly to the base rate: step `s` of `W` warmup steps uses
/// `base · (s + 1) / W`. After warmup, with progress `p = (s − W) / (T − W)`
/// over the remaining steps, the rate is `base` (constant),
/// `base · (1 + cos πp) / 2` (cosine) or `base · (1 − p)` (the decay of one-cycle).
///
/// Written and parsed as text: `constant`, `cosine`, `onecycle`, optionally
/// followed by `:warmup=500` (steps) or `:warmup=0.05` (a fraction of all
/// steps); one-cycle takes `:peak=0.3`, the fraction of steps spent rising.
public enum LearningRateSchedule: Codable, Equatable, Sendable, CustomStringConvertible {
  /// The base rate throughout, after an optional warmup.
  case constant(warmup: Warmup)
  /// Warmup, then cosine decay from the base rate towards zero.
  case cosine(warmup: Warmup)
  /// The "triangular" one-cycle schedule: a linear rise to the base rate over
  /// the fraction `peak` of all steps, then a linear fall towards zero.
  case oneCycle(peak: Double)

  /// How long the linear warmup lasts.
  public enum Warmup: Codable, Equatable, Sendable {
    /// No warmup.
    case none
    /// A fixed number of steps.
    case steps(Int)
    /// A fraction in [0, 1] of all steps.
    case fraction(Double)

    /// The number of warmup steps in a run of `totalSteps` steps.
    public func steps(of totalSteps: Int) -> Int {
      switch self {
      case .none: 0
      case .steps(let count): min(max(count, 0), totalSteps)
      case .fraction(let fraction):
        min(max(Int((fraction * Double(totalSteps)).rounded()), 0), totalSteps)
      }
    }
  }

  /// The learning rate for zero-based `step` of `totalSteps`, given the base (peak) rate.
  /// Steps past the end use the last step's rate.
  public func learningRate(base: Float, step: Int, totalSteps: Int) -> Float {
    let total = max(totalSteps, 1)
    let current = min(max(step, 0), total - 1)
    let warmupSteps: Int
    switch self {
    case .constant(let warmup), .cosine(let warmup): warmupSteps = warmup.steps(of: total)
    case .oneCycle(let peak): warmupSteps = Warmup.fraction(peak).steps(of: total)
    }
    if current < warmupSteps { return base * Float(current + 1) / Float(warmupSteps) }
    let progress = Double(current - warmupSteps) / Double(total - warmupSteps)
    switch self {
    case .constant: return base
    case .cosine: return base * Float((1 + cos(Double.pi * progress)) / 2)
    case .oneCycle: return base * Float(1 - progress)
    }
  }

  /// Parses the text form (`cosine:warmup=500`); see the type's documentation.
  public init(parsing text: String) throws {
    func failure(_ problem: String) -> TriscaleError {
      .invalidArgument(
        name: "schedule", problem: problem,
        fix:
          "Use constant, cosine or onecycle, optionally with :warmup=STEPS or :warmup=FRACTION (onecycle: :peak=FRACTION)"
      )
    }
    let parts = text.lowercased().split(separator: ":", maxSplits: 1).map(String.init)
    var options: [String: String] = [:]
    for option in parts.dropFirst().first?.split(separator: ",") ?? [] {
      let pair = option.split(separator: "=", maxSplits: 1).map {
        $0.trimmingCharacters(in: .whitespaces)
      }
      guard pair.count == 2, options[pair[0]] == nil else {
        throw failure("cannot read option '\(option)'")
      }
      options[pair[0]] = pair[1]
    }
    let name = parts.first ?? ""
    let allowed: Set<String> = name == "onecycle" || name == "one-cycle" ? ["peak"] : ["warmup"]
    if let unknown = options.keys.sorted().first(where: { !allowed.contains($0) }) {
      throw failure("'\(name)' takes no option '\(unknown)'")
    }
    func warmup() throws -> Warmup {
      guard let value = options["warmup"] else { return .none }
      if let steps = Int(value), steps >= 0 { return .steps(steps) }
      if let fraction = Double(value), fraction >= 0, fraction <= 1 { return .fraction(fraction) }
      throw failure("warmup '\(value)' is neither a step count nor a fraction in [0, 1]")
    }
    switch name {
    case "constant": self = .constant(warmup: try warmup())
    case "cosine": self = .cosine(warmup: try warmup())
    case "onecycle", "one-cycle":
      let value = options["peak"] ?? "0.3"
      guard let peak = Double(value), peak >= 0, peak <= 1 else {
        throw failure("peak '\(value)' is not a fraction in [0, 1]")
      }
      self = .oneCycle(peak: peak)
    default: throw failure("unknown schedule '\(name)'")
    }
  }

  /// The text form, which ``init(parsing:)`` reads back to an equal schedule.
  public var description: String {
    func withWarmup(_ name: String, _ warmup: Warmup) -> String {
      switch warmup {
      case .none: name
      case .steps(let count): "\(name):warmup=\(count)"
      case .fraction(let fraction): "\(name):warmup=\(fraction)"
      }
    }
    switch self {
    case .constant(let warmup): return withWarmup("constant", warmup)
    case .cosine(let warmup): return withWarmup("cosine", warmup)
    case .oneCycle(let peak): return "onecycle:peak=\(peak)"
    }
  }
}
