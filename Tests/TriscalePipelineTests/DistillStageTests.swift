import Foundation
import Testing
import TriscaleArtifact
import TriscaleCore
import TriscalePipeline
import TriscaleTestSupport

/// A distill stage in a pipeline: its teacher names a stage above, the
/// teacher's model is part of its cache key, and its logits are cached; a
/// quantize stage's QAT learns from a teacher the same way.
@Suite("Distill stage")
struct DistillStageTests {
  private static func text(
    output: String, teacherEpochs: Int, teacher: String = "cloud", teacherPrecision: String = "fp32"
  ) -> String {
    """
    name: distill
    output: \(output)
    defaults:
      dataset: synthetic
      threads: 1
      train-limit: 64
      batch-size: 32
    stages:
      cloud:
        stage: train
        model: dscnn-micro
        epochs: \(teacherEpochs)
      tflite:
        stage: export
        input: cloud
        variant: float32
      student:
        stage: distill
        teacher: \(teacher)
        model: dscnn-micro
        epochs: 2
        teacher-views: 1
        teacher-precision: \(teacherPrecision)
    """
  }

  private static func run(_ text: String, in folder: String) throws -> PipelineRecord {
    let path = folder + "/pipeline.yaml"
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return try PipelineRunner(definition: PipelineDefinition.read(path: path)).run { _ in }
  }

  @Test func theTeacherIsAStageAboveAndPartOfTheKey() throws {
    let folder = try TestFolder.make()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let output = folder + "/out"
    let first = try Self.run(Self.text(output: output, teacherEpochs: 1), in: folder)
    let student = try #require(first.stages.last)
    #expect(student.status == "ran")
    #expect(FileManager.default.fileExists(atPath: student.folder + "/teacher-logits.tstl"))
    #expect(student.record.lines.first?.contains("1 augmented view(s) of 64 images") == true)
    let artifact = try ModelArtifact.read(path: student.folder + "/model.tsm")
    #expect(artifact.card.lineage.stage == "distill")

    let again = try Self.run(Self.text(output: output, teacherEpochs: 1), in: folder)
    #expect(again.stages.map(\.status) == ["reused", "reused", "reused"])

    let newTeacher = try Self.run(Self.text(output: output, teacherEpochs: 2), in: folder)
    #expect(newTeacher.stages.map(\.status) == ["ran", "ran", "ran"])
    #expect(newTeacher.stages.last?.key != student.key)
  }

  @Test func theTeachersPrecisionIsPartOfTheKeyAndTheRecord() throws {
    let folder = try TestFolder.make()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let output = folder + "/out"
    let fp32 = try Self.run(Self.text(output: output, teacherEpochs: 1), in: folder)
    let bf16 = try Self.run(
      Self.text(output: output, teacherEpochs: 1, teacherPrecision: "bf16"), in: folder)
    #expect(bf16.stages.map(\.status) == ["reused", "reused", "ran"])
    #expect(bf16.stages.last?.key != fp32.stages.last?.key)
    #expect(fp32.stages.last?.record.lines.first?.contains("64 images (fp32)") == true)
    #expect(bf16.stages.last?.record.lines.first?.contains("64 images (bf16)") == true)
    #expect(throws: (any Error).self) {
      try Self.run(
        Self.text(output: output, teacherEpochs: 1, teacherPrecision: "int4"), in: folder)
    }
  }

  @Test func aLoadStageBringsATeacherFileIn() throws {
    let folder = try TestFolder.make()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let trained = try Self.run(Self.text(output: folder + "/a", teacherEpochs: 1), in: folder)
    let teacherFile = try #require(trained.stages.first).folder + "/model.tsm"
    let text = """
      output: \(folder)/b
      defaults: {dataset: synthetic, threads: 1, train-limit: 64, batch-size: 32}
      stages:
        teacher: {stage: load, path: \(teacherFile)}
        student: {stage: distill, teacher: teacher, model: dscnn-micro, epochs: 1}
      """
    let record = try Self.run(text, in: folder)
    #expect(record.stages.map(\.status) == ["ran", "ran"])
    #expect(record.stages.first?.artifactID == trained.stages.first?.artifactID)
    #expect(
      record.stages.last?.record.lines.first?.contains(trained.stages[0].artifactID ?? "?") == true)
  }

  @Test func pruneToABudgetThenDistillQuantizeAndDeployCompose() throws {
    let folder = try TestFolder.make()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let text = """
      output: \(folder)/out
      defaults: {dataset: synthetic, threads: 1, train-limit: 64, batch-size: 32}
      stages:
        cloud: {stage: train, model: dscnn-micro, epochs: 1}
        small: {stage: prune, input: cloud, method: structured, budget: "ram=16K,flash=64K", epochs: 0}
        student: {stage: distill, input: small, teacher: cloud, epochs: 1}
        int8: {stage: quantize, input: student, calibration-images: 16}
        board: {stage: deploy-mcu, input: int8, target: cortex-m4}
      """
    let record = try Self.run(text, in: folder)
    #expect(record.stages.map(\.status) == ["ran", "ran", "ran", "ran", "ran"])
    #expect(record.stages[1].record.lines.first?.contains("to fit ram=16K,flash=64K") == true)
    let report = try JSONSerialization.jsonObject(
      with: Data(contentsOf: URL(fileURLWithPath: record.stages[4].folder + "/mcu/report.json")))
    let budget = try #require((report as? [String: Any])?["budget"] as? [String: Any])
    #expect(try #require(budget["arena_bytes"] as? Int) <= 16 * 1024)
    #expect(try #require(budget["flash_bytes"] as? Int) <= 64 * 1024)
  }

  @Test func quantizationAwareTrainingLearnsFromATeacher() throws {
    let folder = try TestFolder.make()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    func text(_ teacherKeys: String) -> String {
      """
      output: \(folder)/out
      defaults: {dataset: synthetic, threads: 1, train-limit: 64, batch-size: 32}
      stages:
        cloud: {stage: train, model: dscnn-micro, epochs: 1}
        student: {stage: train, model: dscnn-micro, epochs: 1, seed: 2}
        int8: {stage: quantize, input: student, method: qat, epochs: 1, calibration-images: 16\(teacherKeys)}
      """
    }
    let labels = try Self.run(text(""), in: folder)
    let distilled = try Self.run(text(", teacher: cloud, teacher-views: 1"), in: folder)
    #expect(distilled.stages.map(\.status) == ["reused", "reused", "ran"])
    let stage = try #require(distilled.stages.last)
    #expect(stage.record.lines.first?.hasPrefix("distilled from dscnn-micro") == true)
    #expect(FileManager.default.fileExists(atPath: stage.folder + "/teacher-logits.tstl"))
    let withTeacher = try ModelArtifact.read(path: stage.folder + "/model.tsm")
    let withoutTeacher = try ModelArtifact.read(path: labels.stages[2].folder + "/model.tsm")
    #expect(withTeacher.id != withoutTeacher.id, "the teacher's soft targets changed the weights")
    #expect {
      try Self.run(
        text(", teacher: cloud").replacingOccurrences(of: "qat", with: "ptq"), in: folder)
    } throws: { "\($0)".contains("Add --method qat") }
  }

  @Test func aTeacherThatIsAnExportOrAMissingFileIsRefused() throws {
    let folder = try TestFolder.make()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    #expect {
      try Self.run(
        Self.text(output: folder + "/a", teacherEpochs: 1, teacher: "tflite"), in: folder)
    } throws: { "\($0)".contains("'tflite', which makes no model") }
    #expect {
      try Self.run(
        Self.text(output: folder + "/b", teacherEpochs: 1, teacher: folder + "/none.tsm"),
        in: folder)
    } throws: { "\($0)".contains("none.tsm") }
  }
}
