import TriscaleCore

/// A two-model cascade measured on held-out images: the first (small,
/// on-device) model answers when its confidence reaches a threshold, the
/// second (large) model answers the rest. Thresholds are swept and chosen on
/// a calibration split and then judged on a separate evaluation split, so
/// the figures reported are not tuned on the images they are reported on.
public struct CascadeEvaluation: Codable, Equatable, Sendable {
  /// One threshold of one rule, on both splits.
  public struct Point: Codable, Equatable, Sendable {
    /// Images with a confidence below it escalate.
    public var threshold: Double
    /// Fraction of calibration images escalated.
    public var calibrationEscalation: Double
    /// Cascade top-1 on the calibration images.
    public var calibrationAccuracy: Double
    /// Fraction of evaluation images escalated.
    public var escalation: Double
    /// Cascade top-1 on the evaluation images.
    public var accuracy: Double
    /// Mean seconds per evaluation image (first model, plus the trip and the second model for
    /// escalated ones).
    public var meanLatencySeconds: Double
    /// Mean joules per evaluation image, both devices.
    public var meanEnergyJoules: Double
    /// Mean bytes sent per evaluation image.
    public var meanNetworkBytes: Double
  }

  /// The sweep of one rule.
  public struct Sweep: Codable, Equatable, Sendable {
    /// The confidence rule.
    public var rule: CascadeRule
    /// Its points, by increasing calibration escalation.
    public var points: [Point]
  }

  /// The first model's name.
  public var first: String
  /// The second model's name.
  public var second: String
  /// Images the thresholds were chosen on.
  public var calibrationImages: Int
  /// Images the chosen threshold was judged on.
  public var evaluationImages: Int
  /// The first model alone on the evaluation images.
  public var firstAccuracy: Double
  /// The second model alone on the evaluation images.
  public var secondAccuracy: Double
  /// The accuracy the cascade may give up against the second model, on the calibration split.
  public var tolerance: Double
  /// What each path costs.
  public var costs: CascadeCosts
  /// Every rule's sweep.
  public var sweeps: [Sweep]
  /// The chosen rule.
  public var chosenRule: CascadeRule
  /// The chosen point of that rule.
  public var chosen: Point

  /// Escalation rates at which each rule's threshold is placed (quantiles of the calibration
  /// confidences): every percent.
  public static let escalationSteps = (0...100).map { Double($0) / 100 }

  /// Evaluates the cascade of `first` then `second` from their logits (`classCount` per
  /// image, the same images in the same order) against `labels`; the first `calibrationCount`
  /// images choose the threshold (the fewest escalations whose calibration accuracy is within
  /// `tolerance` of the second model's there), the rest judge it.
  public init(
    first: String, firstLogits: [Float], second: String, secondLogits: [Float], labels: [Int],
    classCount: Int, calibrationCount: Int, tolerance: Double, costs: CascadeCosts
  ) throws {
    let count = labels.count
    guard classCount >= 2, firstLogits.count == count * classCount,
      secondLogits.count == count * classCount
    else {
      throw TriscaleError.invalidArgument(
        name: "cascade logits",
        problem:
          "\(firstLogits.count) and \(secondLogits.count) logits for \(count) labels of \(classCount) classes",
        fix: "Give both models' logits for the same images, one row of classCount per label")
    }
    guard calibrationCount >= 1, calibrationCount < count else {
      throw TriscaleError.invalidArgument(
        name: "calibration images", problem: "\(calibrationCount) of \(count) images",
        fix: "Hold out some images for calibration and keep some for evaluation")
    }
    guard tolerance >= 0, tolerance < 1 else {
      throw TriscaleError.invalidArgument(
        name: "tolerance", problem: "\(tolerance)", fix: "Use a fraction such as 0.005")
    }
    let firstPredictions = Self.predictions(firstLogits, classCount: classCount)
    let secondPredictions = Self.predictions(secondLogits, classCount: classCount)
    let firstCorrect = (0..<count).map { firstPredictions[$0] == labels[$0] }
    let secondCorrect = (0..<count).map { secondPredictions[$0] == labels[$0] }
    let calibration = 0..<calibrationCount
    let evaluation = calibrationCount..<count
    func accuracy(_ correct: [Bool], _ range: Range<Int>) -> Double {
      Double(range.filter { correct[$0] }.count) / Double(range.count)
    }

    self.first = first
    self.second = second
    calibrationImages = calibration.count
    evaluationImages = evaluation.count
    firstAccuracy = accuracy(firstCorrect, evaluation)
    secondAccuracy = accuracy(secondCorrect, evaluation)
    self.tolerance = tolerance
    self.costs = costs
    sweeps = CascadeRule.allCases.map { rule in
      let confidences = (0..<count).map { index in
        rule.confidence(firstLogits[(index * classCount)..<((index + 1) * classCount)])
      }
      let sortedCalibration = calibration.map { confidences[$0] }.sorted()
      let thresholds = Self.escalationSteps.map { rate -> Double in
        let below = Int((rate * Double(sortedCalibration.count)).rounded())
        if below == 0 { return -1 }  // every confidence is in [0, 1]: nothing escalates
        if below >= sortedCalibration.count { return 2 }  // everything escalates
        return sortedCalibration[below]
      }
      let points = Set(thresholds).sorted().map { threshold in
        func outcome(_ range: Range<Int>) -> (escalation: Double, accuracy: Double) {
          let escalated = range.filter { confidences[$0] < threshold }
          let correct = range.filter {
            confidences[$0] < threshold ? secondCorrect[$0] : firstCorrect[$0]
          }
          return (
            Double(escalated.count) / Double(range.count),
            Double(correct.count) / Double(range.count)
          )
        }
        let onCalibration = outcome(calibration)
        let onEvaluation = outcome(evaluation)
        let rate = onEvaluation.escalation
        return Point(
          threshold: threshold, calibrationEscalation: onCalibration.escalation,
          calibrationAccuracy: onCalibration.accuracy, escalation: rate,
          accuracy: onEvaluation.accuracy,
          meanLatencySeconds: costs.firstLatencySeconds
            + rate * (costs.networkLatencySeconds + costs.secondLatencySeconds),
          meanEnergyJoules: costs.firstEnergyJoules
            + rate * (costs.networkEnergyJoules + costs.secondEnergyJoules),
          meanNetworkBytes: rate * costs.networkBytes)
      }
      return Sweep(rule: rule, points: points)
    }
    let secondOnCalibration = accuracy(secondCorrect, calibration)
    let candidates = sweeps.flatMap { sweep in sweep.points.map { (sweep.rule, $0) } }
    let meeting = candidates.filter { $0.1.calibrationAccuracy >= secondOnCalibration - tolerance }
    let best =
      meeting.min {
        ($0.1.calibrationEscalation, -$0.1.calibrationAccuracy)
          < ($1.1.calibrationEscalation, -$1.1.calibrationAccuracy)
      } ?? candidates.max { $0.1.calibrationAccuracy < $1.1.calibrationAccuracy }!
    chosenRule = best.0
    chosen = best.1
  }

  private static func predictions(_ logits: [Float], classCount: Int) -> [Int] {
    stride(from: 0, to: logits.count, by: classCount).map { start in
      var best = start
      for index in start..<(start + classCount) where logits[index] > logits[best] { best = index }
      return best - start
    }
  }

  /// Whether the chosen point keeps the cascade within `tolerance` of the second model on the
  /// evaluation images.
  public var meetsTolerance: Bool { chosen.accuracy >= secondAccuracy - tolerance }
}
