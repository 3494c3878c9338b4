import ArgumentParser
import TriscaleEngine
import TriscalePipeline
import TriscaleTrain

/// The distillation flags of `triscale distill` and of quantization-aware
/// distillation (`triscale quantize --method qat --teacher …`), decoded into
/// ``DistillationOptions``.
struct DistillationFlags: ParsableArguments {
  @Option(help: "The teacher's float model file.") var teacher: String?
  @Option(help: "Softmax temperature of the soft targets.") var temperature =
    DistillationObjective.defaultTemperature
  @Option(help: "Weight of the soft-target term (the labels get 1 − weight).")
  var distillationWeight = DistillationObjective.defaultWeight
  @Option(help: "Augmented views per image whose teacher logits are cached (0: one per epoch).")
  var teacherViews = 0
  @Option(
    help: "Precision of the teacher's forward passes: fp32, or bf16 (faster where the CPU has it).")
  var teacherPrecision = Precision.fp32

  /// The library options these flags describe (no teacher: an empty `teacher`).
  var options: DistillationOptions {
    var options = DistillationOptions()
    options.teacher = teacher ?? ""
    options.temperature = temperature
    options.distillationWeight = distillationWeight
    options.teacherViews = teacherViews
    options.teacherPrecision = teacherPrecision
    return options
  }
}
