import Foundation
import TriscaleArtifact
import TriscaleCore
import TriscaleData
import TriscaleEngine
import TriscaleTrain

/// Trains a student (a zoo model, or the input stage's model) to match a
/// float teacher's softened outputs as well as the labels
/// (``DistillationObjective``): a training stage with another objective.
///
/// The teacher's logits are computed once for a fixed set of augmented views
/// of every training image and cached in the stage's folder
/// (`teacher-logits.tstl`, reused while the teacher, data, seed and views
/// are unchanged), so a run costs one teacher pass per view on top of
/// ordinary training.
public enum DistillStage: Stage {
  /// The stage kind in pipeline files.
  public static let kind = "distill"
  /// The key naming the teacher: a stage above this one in a pipeline.
  public static let modelReferenceKeys = [DistillationOptions.CodingKeys.teacher.stringValue]
  /// The cache file's name in the stage's folder.
  public static let cacheFile = "teacher-logits.tstl"
  /// The most cached logits (views × images × classes): 1 GiB of floats.
  static let cacheLimit = 1 << 28

  /// `triscale distill`'s flags: the student's recipe, the data, threads and
  /// the distillation keys.
  public struct Configuration: FlatConfiguration {
    /// The student's training recipe (its `model` is the student when no input is given).
    public var training = TrainingOptions()
    /// The dataset.
    public var data = DatasetConfiguration()
    /// Threads and processes.
    public var processes = TrainStage.Processes()
    /// Teacher, temperature, weight, cached views.
    public var distillation = DistillationOptions()

    /// The defaults.
    public init() {}

    /// The recipe, the data, threads and processes, distillation.
    public static let parts = [
      PartAccess(\Configuration.training), PartAccess(\.data), PartAccess(\.processes),
      PartAccess(\.distillation),
    ]

    /// The same configuration as a train stage's (recipe, data, processes).
    var trainConfiguration: TrainStage.Configuration {
      var configuration = TrainStage.Configuration()
      (configuration.training, configuration.data, configuration.processes) = (
        training, data, processes
      )
      return configuration
    }

    /// Checks the recipe, the data, threads, ranks and the distillation keys.
    public func validate() throws {
      try trainConfiguration.validate()
      try distillation.validate()
    }

    /// A train stage's fingerprint (the data's; a teacher given as a stage is
    /// part of the cache key already).
    public func externalFingerprint() throws -> String {
      try trainConfiguration.externalFingerprint()
    }
    /// The data-parallel processes asked for.
    public var ranks: Int { trainConfiguration.ranks }
    /// The Open MPI host file asked for, if any.
    public var hostfile: String? { trainConfiguration.hostfile }
  }

  /// Distills the teacher (``StageContext/inputs`` `teacher`, or the model
  /// file the `teacher` key names) into the input model or the recipe's zoo model.
  public static func run(
    _ configuration: Configuration, input start: ModelArtifact?, context: StageContext
  ) throws -> StageOutput {
    try configuration.validate()
    let options = configuration.distillation
    let teacher = try teacher(options, context: context)
    var cached = ""
    var output = try TrainStage.train(
      configuration.trainConfiguration, from: start, context: context,
      lineage: (kind, configuration.canonicalJSON)
    ) { inputs in
      let logits = try teacherLogits(
        of: teacher, options: options, recipe: configuration.training, data: configuration.data,
        trainSet: inputs.trainSet, studentNormalization: inputs.normalization, context: context)
      cached = logits.description
      return try DistillationObjective(
        teacher: logits.logits, temperature: options.temperature,
        weight: options.distillationWeight, labelSmoothing: configuration.training.labelSmoothing)
    }
    output.record.lines.insert(summary(teacher: teacher, options: options, cached: cached), at: 0)
    return output
  }

  /// The record's line naming the teacher, T, the weight and what was cached.
  static func summary(teacher: ModelArtifact, options: DistillationOptions, cached: String)
    -> String
  {
    String(
      format: "distilled from %@ (%@) at T = %g, weight %g; %@", teacher.card.architecture,
      teacher.id, options.temperature, options.distillationWeight, cached)
  }

  /// The teacher named by `options` (``StageContext/inputs`` `teacher`, or a
  /// model file).
  static func teacher(_ options: DistillationOptions, context: StageContext) throws
    -> ModelArtifact
  {
    try context.inputs[DistillationOptions.CodingKeys.teacher.stringValue]
      ?? ModelArtifact.read(path: options.teacher)
  }

  /// The teacher's logits for every view of the training set that `recipe`
  /// trains on (normalized as the teacher's card says, else as the
  /// student's), read from the stage's cache file when its key matches,
  /// computed (and cached) otherwise.
  static func teacherLogits(
    of teacher: ModelArtifact, options: DistillationOptions, recipe: TrainingOptions,
    data: DatasetConfiguration, trainSet: Dataset, studentNormalization: Normalization,
    context: StageContext
  ) throws -> (logits: TeacherLogits, description: String) {
    let model = try teacher.floatModel(
      for: "--teacher", fix: "Give the float model the int8 model was quantized from")
    let views = options.views(epochs: recipe.epochs, augment: recipe.augment)
    let augmentation = recipe.augment ? Augmentation() : .none
    let (values, overflow) = (views * trainSet.count).multipliedReportingOverflow(
      by: trainSet.classCount)
    guard !overflow, values <= cacheLimit else {
      throw TriscaleError.invalidArgument(
        name: "--teacher-views",
        problem:
          "\(views) views of \(trainSet.count) images are more teacher logits than the \(cacheLimit) this stage caches",
        fix: "Cache fewer views, e.g. --teacher-views 8 (epochs then cycle through them)")
    }
    var digest = ContentHash.Builder()
    digest.add("teacher-logits/1")
    digest.add(teacher.id)
    digest.add(try data.fingerprint())
    digest.add("\(recipe.seed) \(views) \(augmentation.padCrop) \(augmentation.horizontalFlip)")
    let precision = options.teacherPrecision
    if precision != .fp32 { digest.add("precision \(precision.rawValue)") }
    let key = digest.finalize()
    let path = context.filePath(cacheFile)
    let what =
      "teacher logits of \(views) augmented view(s) of \(trainSet.count) images (\(precision.rawValue))"
    if FileManager.default.fileExists(atPath: path),
      let stored = try? TeacherLogitsFile.read(path: path), stored.key == key
    {
      context.report(.message("distill: read the \(what) from \(path)"))
      return (stored, "the \(what) were read from the cache")
    }
    let started = Date()
    let inference = try FloatInferenceModel(
      graph: model.graph, parameters: model.parameters, batchSize: 250, precision: precision)
    context.report(.message("distill: computing the \(what) with \(teacher.card.architecture)"))
    let logits = try TeacherLogits.compute(
      teacher: inference, dataset: trainSet,
      normalization: teacher.card.normalization ?? studentNormalization,
      augmentation: augmentation, seed: recipe.seed, views: views, key: key
    ) { done in context.report(.message("distill: teacher view \(done)/\(views) done")) }
    if context.isLeader { try TeacherLogitsFile.write(logits, to: path) }
    let seconds = Date().timeIntervalSince(started)
    return (
      logits,
      String(format: "the %@ were computed in %.1f s and cached", what, seconds)
    )
  }
}
