import TriscaleCore
import TriscaleEngine
import TriscaleTrain

/// The distillation keys of `triscale distill` and of a pipeline's `distill`
/// stage: the teacher, the soft-target temperature and weight, and how many
/// augmented views of each training image the teacher's logits are cached for
/// and in which precision they are computed.
public struct DistillationOptions: ConfigurationPart {
  /// The teacher: a model file (command line), or in a pipeline a stage above
  /// this one (or a model file).
  public var teacher = ""
  /// Softmax temperature T of the soft targets.
  public var temperature = DistillationObjective.defaultTemperature
  /// Weight of the soft-target term (the labels get 1 − weight).
  public var distillationWeight = DistillationObjective.defaultWeight
  /// Augmented views per training image whose teacher logits are cached
  /// (epoch `e` trains on view `e % views`); 0: one per epoch, i.e. the
  /// augmentation an ordinary run of the same recipe sees.
  public var teacherViews = 0
  /// The precision the teacher's logits are computed in: bf16 runs a large
  /// teacher several times faster where the CPU computes in bf16 (AMX,
  /// AVX512-BF16); the logits then carry bf16's rounding.
  public var teacherPrecision = Precision.fp32

  /// The defaults.
  public init() {}

  /// The keys, which are the command-line flag names.
  public enum CodingKeys: String, CodingKey, CaseIterable {
    case teacher, temperature
    case distillationWeight = "distillation-weight"
    case teacherViews = "teacher-views"
    case teacherPrecision = "teacher-precision"
  }

  /// Checks each value, naming the key and the fix.
  public func validate() throws {
    guard !teacher.isEmpty else {
      throw TriscaleError.invalidArgument(
        name: "--teacher", problem: "no teacher was given",
        fix: "Name the teacher's model file (in a pipeline: a stage above, e.g. `teacher: cloud`)")
    }
    try DistillationObjective.validate(temperature: temperature, weight: distillationWeight)
    try Bounds.check(
      teacherViews, in: 0...Bounds.epochs, name: "--teacher-views",
      fix: "Use 0 (one view per epoch) or a small count such as 4")
  }

  /// The views cached for a run of `epochs` epochs (augmentation off: one).
  func views(epochs: Int, augment: Bool) -> Int {
    augment ? (teacherViews == 0 ? epochs : teacherViews) : 1
  }
}
