import TriscaleAnalysis
import TriscaleCore

/// A cascade served under its own name: every image goes to `first`; those
/// whose confidence (``rule``) falls below ``threshold`` also go to `second`,
/// whose answer replaces the first's (the analysis tier's ``CascadeRule``;
/// `triscale run` with a `cascade` stage chooses the threshold).
public struct CascadeSpec: Sendable, Equatable {
  /// The name requests use.
  public var name: String
  /// The small model, answering first (its default alias or newest version).
  public var first: String
  /// The large model, answering when the first is unsure.
  public var second: String
  /// Below this confidence an image escalates.
  public var threshold: Double
  /// How confidence is computed.
  public var rule: CascadeRule

  /// Parses `NAME=FIRST,SECOND,THRESHOLD[,RULE]`, e.g. `phone=resnet8,fastnet,0.85,max-softmax`.
  public init(parsing text: String) throws {
    let fix =
      "Write NAME=FIRST,SECOND,THRESHOLD[,RULE], e.g. phone=resnet8,fastnet,0.85,max-softmax"
    let halves = text.split(separator: "=", maxSplits: 1).map(String.init)
    let parts = halves.count == 2 ? halves[1].split(separator: ",").map(String.init) : []
    guard (3...4).contains(parts.count), let threshold = Double(parts[2]),
      threshold.isFinite, (0...1).contains(threshold)
    else {
      throw TriscaleError.invalidArgument(
        name: "--cascade", problem: "'\(text.prefix(120))' is not a cascade", fix: fix)
    }
    guard let rule = parts.count == 4 ? CascadeRule(rawValue: parts[3]) : .maxSoftmax else {
      throw TriscaleError.invalidArgument(
        name: "--cascade", problem: "unknown rule '\(parts[3])'",
        fix: "Use \(CascadeRule.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    for name in [halves[0], parts[0], parts[1]] {
      try RegistryName.check(name, what: "cascade part")
    }
    (self.name, first, second, self.threshold, self.rule) = (
      halves[0], parts[0], parts[1], threshold, rule
    )
  }

  /// The probabilities of `count` images (pixels 0...255): the first model's,
  /// replaced by the second's where the first is unsure; and how many escalated.
  func probabilities(
    first: ServedModel, second: ServedModel, pixels: [Float], count: Int
  ) async throws -> (probabilities: [Float], escalated: Int) {
    let width = first.classCount
    var probabilities = try await first.probabilities(pixels: pixels, count: count)
    let unsure = (0..<count).filter { image in
      let row = probabilities[(image * width)..<((image + 1) * width)]
      return rule.confidence(probabilities: row.map(Double.init)) < threshold
    }
    guard !unsure.isEmpty else { return (probabilities, 0) }
    let size = first.imageElementCount
    let escalated = unsure.flatMap { pixels[($0 * size)..<(($0 + 1) * size)] }
    let answers = try await second.probabilities(pixels: escalated, count: unsure.count)
    for (slot, image) in unsure.enumerated() {
      probabilities.replaceSubrange(
        (image * width)..<((image + 1) * width),
        with: answers[(slot * width)..<((slot + 1) * width)])
    }
    return (probabilities, unsure.count)
  }
}
