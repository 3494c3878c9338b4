import Foundation
import TriscaleCore
import TriscaleEngine

/// Hinton et al.'s soft-target loss: the Kullback–Leibler divergence of the
/// student's tempered softmax from the teacher's, scaled by T² so that its
/// gradient keeps the magnitude of a cross-entropy's as T changes.
public enum SoftTargetLoss {
  /// `T² · mean over rows of KL(softmax(teacher/T) ‖ softmax(student/T))`
  /// and its gradient `T · (softmax(student/T) − softmax(teacher/T)) / rows`
  /// with respect to `student` [rows, classes]; `teacher` has the same shape.
  /// ``Loss/Output/correct`` counts the rows where the student's top-1 equals the teacher's.
  public static func loss(student: Tensor, teacher: [Float], temperature: Float) throws
    -> Loss.Output
  {
    guard student.shape.count == 2, student.shape[0] > 0, student.shape[1] > 0,
      teacher.count == student.count
    else {
      throw TriscaleError.invalidArgument(
        name: "teacher logits",
        problem: "\(teacher.count) values do not match the student's logits \(student.shape)",
        fix: "Give the teacher's logits of the same images and classes")
    }
    guard temperature.isFinite, temperature > 0 else {
      throw TriscaleError.invalidArgument(
        name: "temperature", problem: "\(temperature) is not a positive number",
        fix: "Use a temperature such as 4")
    }
    let (rows, classes) = (student.shape[0], student.shape[1])
    var gradient = Tensor(shape: student.shape)
    var total: Double = 0
    var agreeing = 0
    let inverseTemperature = 1 / temperature
    student.storage.withUnsafeBufferPointer { student in
      teacher.withUnsafeBufferPointer { teacher in
        gradient.storage.withUnsafeMutableBufferPointer { output in
          for row in 0..<rows {
            let base = row * classes
            let studentRow = UnsafeBufferPointer(rebasing: student[base..<(base + classes)])
            let teacherRow = UnsafeBufferPointer(rebasing: teacher[base..<(base + classes)])
            if argmax(studentRow) == argmax(teacherRow) { agreeing += 1 }
            let studentLog = logSoftmax(studentRow, scale: inverseTemperature)
            let teacherLog = logSoftmax(teacherRow, scale: inverseTemperature)
            var divergence: Double = 0
            for index in 0..<classes {
              let teacherProbability = exp(teacherLog[index])
              divergence += Double(teacherProbability * (teacherLog[index] - studentLog[index]))
              output[base + index] =
                temperature * (exp(studentLog[index]) - teacherProbability) / Float(rows)
            }
            total += divergence
          }
        }
      }
    }
    let loss = Float(Double(temperature * temperature) * total / Double(rows))
    guard loss.isFinite else {
      throw TriscaleError.numerical(
        problem: "the soft-target loss is \(loss)",
        fix: "Check the teacher's logits for NaN or infinite values")
    }
    return Loss.Output(loss: loss, gradient: gradient, correct: agreeing)
  }

  /// `log softmax(scale · values)`, with the maximum subtracted first.
  static func logSoftmax(_ values: UnsafeBufferPointer<Float>, scale: Float) -> [Float] {
    let maximum = values.max() ?? 0
    let shifted = values.map { ($0 - maximum) * scale }
    let logSum = log(shifted.reduce(0) { $0 + exp($1) })
    return shifted.map { $0 - logSum }
  }

  /// The index of the first maximum.
  static func argmax(_ values: UnsafeBufferPointer<Float>) -> Int {
    var best = 0
    for index in values.indices where values[index] > values[best] { best = index }
    return best
  }
}
