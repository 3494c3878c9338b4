import Testing
import TriscaleCore
import TriscaleEngine

@testable import TriscaleTrain

/// The soft-target loss and the distillation objective against their
/// definitions: finite differences, the two limits of the weight, the zero of
/// a student equal to its teacher.
@Suite("Distillation objective")
struct DistillationObjectiveTests {
  private static let (rows, classes) = (4, 10)

  private static func values(seed: UInt64, scale: Float = 3) -> [Float] {
    var random = SeededRandom(seed: seed)
    return (0..<(rows * classes)).map { _ in random.nextNormal() * scale }
  }

  private static func teacher(_ values: [Float], views: Int = 1) throws -> TeacherLogits {
    try TeacherLogits(
      key: "test", views: views, imageCount: values.count / classes / views, classCount: classes,
      values: values)
  }

  @Test("the soft-target gradient matches central finite differences (h = 1e-2, within 2e-3)")
  func softTargetFiniteDifferences() throws {
    let student = Tensor(shape: [Self.rows, Self.classes], storage: Self.values(seed: 1))
    let teacher = Self.values(seed: 2)
    for temperature: Float in [1, 4] {
      let analytic = try SoftTargetLoss.loss(
        student: student, teacher: teacher, temperature: temperature)
      let step: Float = 1e-2
      for index in 0..<student.count {
        var plus = student
        plus.storage[index] += step
        var minus = student
        minus.storage[index] -= step
        let numeric =
          (try SoftTargetLoss.loss(student: plus, teacher: teacher, temperature: temperature).loss
            - SoftTargetLoss.loss(student: minus, teacher: teacher, temperature: temperature).loss)
          / (2 * step)
        #expect(
          abs(numeric - analytic.gradient.storage[index]) < 2e-3,
          "T = \(temperature), element \(index)")
      }
    }
  }

  @Test(
    "a student equal to its teacher has zero soft-target loss and gradient, and agrees on every row"
  )
  func equalStudentIsAtTheMinimum() throws {
    let values = Self.values(seed: 3)
    let output = try SoftTargetLoss.loss(
      student: Tensor(shape: [Self.rows, Self.classes], storage: values), teacher: values,
      temperature: 4)
    #expect(abs(output.loss) < 1e-5)
    #expect(output.gradient.storage.allSatisfy { abs($0) < 1e-7 })
    #expect(output.correct == Self.rows)
  }

  @Test("weight 0 is the smoothed cross-entropy, weight 1 the soft-target loss alone")
  func weightLimits() throws {
    let logits = Tensor(shape: [Self.rows, Self.classes], storage: Self.values(seed: 4))
    let teacherValues = Self.values(seed: 5)
    let targets = TrainingTargets(labels: [1, 2, 3, 4], indices: [0, 1, 2, 3])
    let hard = try Loss.softmaxCrossEntropy(
      logits: logits, labels: targets.labels, labelSmoothing: 0.1)
    let soft = try SoftTargetLoss.loss(student: logits, teacher: teacherValues, temperature: 4)
    let labelsOnly = try DistillationObjective(
      teacher: Self.teacher(teacherValues), weight: 0, labelSmoothing: 0.1
    ).loss(logits: logits, targets: targets)
    #expect(labelsOnly.loss == hard.loss)
    #expect(labelsOnly.gradient == hard.gradient)
    let softOnly = try DistillationObjective(teacher: Self.teacher(teacherValues), weight: 1)
      .loss(logits: logits, targets: targets)
    #expect(softOnly.loss == soft.loss)
    #expect(softOnly.gradient == soft.gradient)
    #expect(softOnly.correct == hard.correct, "correct counts agreement with the labels")
  }

  @Test("the teacher's rows are looked up by dataset index and view")
  func rowsFollowIndicesAndViews() throws {
    // Two views of two images: the logit of class 0 names (view, image).
    var values = [Float](repeating: 0, count: 2 * 2 * Self.classes)
    for view in 0..<2 {
      for image in 0..<2 { values[(view * 2 + image) * Self.classes] = Float(10 * view + image) }
    }
    let logits = try Self.teacher(values, views: 2)
    #expect(
      try logits.logits(view: 1, indices: [1, 0]).enumerated().filter { $0.offset % 10 == 0 }.map(
        \.element) == [11, 10])
    #expect(try logits.logits(view: 2, indices: [1]).first == 1, "views cycle")
    #expect(throws: TriscaleError.self) { try logits.logits(view: 0, indices: [2]) }
  }

  @Test("bad temperatures and weights are refused, naming the flag")
  func badSettings() throws {
    let teacher = try Self.teacher(Self.values(seed: 6))
    for (temperature, weight) in [(Float(0), Float(0.9)), (.nan, 0.9), (4, 1.5), (4, -0.1)] {
      #expect(throws: TriscaleError.self) {
        try DistillationObjective(teacher: teacher, temperature: temperature, weight: weight)
      }
    }
    let objective = try DistillationObjective(teacher: teacher)
    #expect(objective.augmentationViews == 1)
    #expect(throws: TriscaleError.self, "a batch without dataset indices") {
      try objective.loss(
        logits: Tensor(shape: [Self.rows, Self.classes]),
        targets: TrainingTargets(labels: [0, 0, 0, 0]))
    }
  }
}
