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
    let option = NamedOption(parsing: text)
    switch option.name {
    case "constant" where option.argument == nil: self = .constant
    case "polynomial":
      self = .polynomial(
        rampFraction: try option.number(
          default: 0.7, flag: "--sparsity-schedule", expected: "ramp fraction in (0, 1]",
          example: "polynomial:0.7"
        ) { $0 > 0 && $0 <= 1 })
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

  /// The schedule in the text form ``init(parsing:)`` reads.
  public var description: String {
    switch self {
    case .constant: "constant"
    case .polynomial(let ramp): "polynomial:\(ramp)"
    }
  }
}
