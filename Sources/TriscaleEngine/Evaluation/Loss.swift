import Foundation
import TriscaleCore

/// The softmax cross-entropy the trainer minimizes and the ``Evaluator`` reports.
public enum Loss {
  /// What a loss evaluation returns for one batch.
  public struct Output: Sendable {
    /// The mean loss over the batch.
    public var loss: Float
    /// The gradient of ``loss`` with respect to the logits, already divided by the batch size.
    public var gradient: Tensor
    /// How many rows' top-1 prediction (first maximum) equals the label.
    public var correct: Int

    /// An output of the given parts.
    public init(loss: Float, gradient: Tensor, correct: Int) {
      (self.loss, self.gradient, self.correct) = (loss, gradient, correct)
    }
  }

  /// Softmax cross-entropy with label smoothing over `logits` [N, classes].
  ///
  /// The target of row `i` is `(1 - labelSmoothing)` on `labels[i]` plus
  /// `labelSmoothing / classes` on every class; the loss is the mean over rows
  /// of `-Σ target · log softmax(logits)`, computed with the row maximum
  /// subtracted so large logits do not overflow.
  public static func softmaxCrossEntropy(logits: Tensor, labels: [Int32], labelSmoothing: Float = 0)
    throws
    -> Output
  {
    guard logits.shape.count == 2, logits.shape[0] == labels.count, logits.shape[0] > 0,
      logits.shape[1] > 0
    else {
      throw TriscaleError.invalidArgument(
        name: "logits", problem: "shape \(logits.shape) does not match \(labels.count) labels",
        fix: "Pass logits of shape [batch, classes] with one label per row")
    }
    guard labelSmoothing >= 0, labelSmoothing < 1 else {
      throw TriscaleError.invalidArgument(
        name: "label smoothing", problem: "\(labelSmoothing) is outside [0, 1)",
        fix: "Use a value such as 0 or 0.1")
    }
    let (rows, classes) = (logits.shape[0], logits.shape[1])
    if let row = labels.firstIndex(where: { $0 < 0 || Int($0) >= classes }) {
      throw TriscaleError.invalidArgument(
        name: "label", problem: "row \(row) has label \(labels[row]), outside 0..<\(classes)",
        fix: "Check that the dataset's class count matches the model's output")
    }
    let offTarget = labelSmoothing / Float(classes)
    let onTarget = 1 - labelSmoothing + offTarget
    let scale = 1 / Float(rows)
    var gradient = Tensor(shape: logits.shape)
    var total: Double = 0
    var correct = 0
    logits.storage.withUnsafeBufferPointer { input in
      gradient.storage.withUnsafeMutableBufferPointer { output in
        for row in 0..<rows {
          let base = row * classes
          let label = Int(labels[row])
          var maximum = input[base]
          var best = 0
          for index in 1..<classes where input[base + index] > maximum {
            maximum = input[base + index]
            best = index
          }
          if best == label { correct += 1 }
          var sum: Float = 0
          var targetDotShifted: Float = 0
          for index in 0..<classes {
            let shifted = input[base + index] - maximum
            let exponential = exp(shifted)
            output[base + index] = exponential
            sum += exponential
            targetDotShifted += (index == label ? onTarget : offTarget) * shifted
          }
          total += Double(log(sum) - targetDotShifted)
          let inverseSum = 1 / sum
          for index in 0..<classes {
            let target = index == label ? onTarget : offTarget
            output[base + index] = (output[base + index] * inverseSum - target) * scale
          }
        }
      }
    }
    let loss = Float(total / Double(rows))
    guard loss.isFinite else {
      throw TriscaleError.numerical(
        problem: "the cross-entropy loss is \(loss)",
        fix: "Lower the learning rate, or check the inputs for NaN or infinite values")
    }
    return Output(loss: loss, gradient: gradient, correct: correct)
  }
}
