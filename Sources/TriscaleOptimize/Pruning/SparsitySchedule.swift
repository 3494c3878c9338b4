import TriscaleCore

/// How the target sparsity of magnitude pruning evolves during fine-tuning.
public enum SparsitySchedule: Equatable, Sendable, CustomStringConvertible {
  /// The final sparsity from the first step.
  case constant
  /// Zhu & Gupta's polynomial decay: sparsity rises as
  /// `final · (1 − (1 − t)³)` over the first `rampFraction` of the steps
  /// (t = progress through the ramp), then stays at `final`.
  case polynomial(rampFraction: Double)

  /// Parses `constant`, `polynomial` (ramp over 70% of the steps) or `polynomial:0.5`.
  public init(parsing text: String) throws {
    let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
    switch parts.first {
    case "constant" where parts.count == 1: self = .constant
    case "polynomial":
      let ramp = parts.count == 2 ? Double(parts[1]) : 0.7
      guard let ramp, ramp > 0, ramp <= 1 else {
        throw TriscaleError.invalidArgument(
          name: "--sparsity-schedule", problem: "'\(text)' has no ramp fraction in (0, 1]",
          fix: "Write polynomial:0.7")
      }
      self = .polynomial(rampFraction: ramp)
    default:
      throw TriscaleError.invalidArgument(
        name: "--sparsity-schedule", problem: "unknown schedule '\(text)'",
        fix: "Use constant or polynomial[:RAMP]")
    }
  }

  /// The sparsity to enforce at `step` of `totalSteps` for a final sparsity `final`.
  public func sparsity(final: Double, step: Int, totalSteps: Int) -> Double {
    switch self {
    case .constant:
      return final
    case .polynomial(let rampFraction):
      let rampSteps = max(Double(totalSteps) * rampFraction, 1)
      let progress = min(Double(step) / rampSteps, 1)
      return final * (1 - pow3(1 - progress))
    }
  }

  private func pow3(_ value: Double) -> Double { value * value * value }

  public var description: String {
    switch self {
    case .constant: "constant"
    case .polynomial(let ramp): "polynomial:\(ramp)"
    }
  }
}
