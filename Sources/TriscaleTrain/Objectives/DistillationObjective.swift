import TriscaleCore
import TriscaleEngine

/// Knowledge distillation (Hinton, Vinyals and Dean, 2015): the student
/// matches the teacher's tempered softmax and, with the remaining weight, the
/// (smoothed) labels:
///
/// `weight · T² · KL(softmax(teacher/T) ‖ softmax(student/T)) + (1 − weight) · CE(labels, student)`
///
/// The teacher's logits come from a ``TeacherLogits`` cache of a fixed set of
/// augmented views, so the training data must be drawn from those views
/// (``augmentationViews``).
public struct DistillationObjective: TrainingObjective {
  /// The teacher's logits for every view of every training image.
  public let teacher: TeacherLogits
  /// The softmax temperature T (> 0).
  public let temperature: Float
  /// The weight of the soft-target term, in [0, 1]; the labels get the rest.
  public let weight: Float
  /// Label smoothing of the hard-label term.
  public let labelSmoothing: Float

  /// The literature's defaults: T = 4, weight 0.9 (Hinton et al.; the
  /// common CIFAR recipe).
  public static let defaultTemperature: Float = 4
  /// See ``defaultTemperature``.
  public static let defaultWeight: Float = 0.9

  /// Distillation from `teacher`, checked: temperature in (0, 100], weight in [0, 1].
  public init(
    teacher: TeacherLogits, temperature: Float = defaultTemperature,
    weight: Float = defaultWeight, labelSmoothing: Float = 0
  ) throws {
    try Self.validate(temperature: temperature, weight: weight)
    try Bounds.check(
      labelSmoothing, in: 0..<1, name: "--label-smoothing", fix: "Use a value such as 0.1")
    (self.teacher, self.temperature, self.weight, self.labelSmoothing) = (
      teacher, temperature, weight, labelSmoothing
    )
  }

  /// Checks a temperature in (0, 100] and a weight in [0, 1], naming the flag.
  public static func validate(temperature: Float, weight: Float) throws {
    try Bounds.checkPositive(
      temperature, atMost: 100, name: "--temperature", fix: "Use a temperature such as 4")
    try Bounds.check(
      weight, in: 0...1, name: "--distillation-weight",
      fix: "Use a weight in [0, 1] such as 0.9 (1: soft targets only, 0: labels only)")
  }

  /// The cached views: the training data must be drawn from them.
  public var augmentationViews: Int? { teacher.views }

  /// The weighted sum of the soft-target and hard-label losses; `correct`
  /// counts agreement with the labels.
  public func loss(logits: Tensor, targets: TrainingTargets) throws -> Loss.Output {
    guard targets.indices.count == targets.labels.count else {
      throw TriscaleError.invalidArgument(
        name: "distillation", problem: "the batch does not say which images it holds",
        fix: "Train from a dataset (BatchLoader), whose batches carry their indices")
    }
    let teacherLogits = try teacher.logits(view: targets.view, indices: targets.indices)
    var hard = try Loss.softmaxCrossEntropy(
      logits: logits, labels: targets.labels, labelSmoothing: labelSmoothing)
    let soft = try SoftTargetLoss.loss(
      student: logits, teacher: teacherLogits, temperature: temperature)
    hard.loss = weight * soft.loss + (1 - weight) * hard.loss
    for index in hard.gradient.storage.indices {
      hard.gradient.storage[index] =
        weight * soft.gradient.storage[index] + (1 - weight) * hard.gradient.storage[index]
    }
    return hard
  }
}
