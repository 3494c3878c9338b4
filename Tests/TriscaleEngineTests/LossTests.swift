import Foundation
import Testing
import TriscaleCore

@testable import TriscaleEngine

@Suite("Softmax cross-entropy")
struct LossTests {
  // Logits [1, 2, 3], label 2: logsumexp = 3 + ln(1 + e⁻¹ + e⁻²) = 3.4076059644.
  // ε = 0:   loss = 3.4076059644 − 3 = 0.4076059644.
  // ε = 0.1: targets are 0.1/3 everywhere plus 0.9 on the label, so
  //          Σ target · logit = 0.1/3 · 6 + 0.9 · 3 = 2.9 and loss = 0.5076059644.
  @Test(
    "matches the hand-computed loss without and with label smoothing (within 1e-6)",
    arguments: [(Float(0), Float(0.4076059644)), (0.1, 0.5076059644)])
  func handComputed(smoothing: Float, expected: Float) throws {
    let logits = Tensor(shape: [1, 3], storage: [1, 2, 3])
    let output = try Loss.softmaxCrossEntropy(
      logits: logits, labels: [2], labelSmoothing: smoothing)
    #expect(abs(output.loss - expected) < 1e-6)
    // Gradient = softmax − target: softmax = [0.0900306, 0.2447285, 0.6652410].
    let target: [Float] = smoothing == 0 ? [0, 0, 1] : [0.1 / 3, 0.1 / 3, 0.9 + 0.1 / 3]
    let softmax: [Float] = [0.0900306, 0.2447285, 0.6652410]
    for index in 0..<3 {
      #expect(abs(output.gradient.storage[index] - (softmax[index] - target[index])) < 1e-6)
    }
    #expect(output.correct == 1)
  }

  @Test("the gradient matches central finite differences (h = 1e-2, within 1e-3)")
  func finiteDifferences() throws {
    var random = SeededRandom(seed: 7)
    let rows = 4
    let classes = 10
    var logits = Tensor(shape: [rows, classes])
    for index in 0..<logits.count { logits.storage[index] = random.nextNormal() * 3 }
    let labels = (0..<rows).map { _ in Int32(random.nextInt(below: classes)) }
    let analytic = try Loss.softmaxCrossEntropy(logits: logits, labels: labels, labelSmoothing: 0.1)
    let step: Float = 1e-2
    for index in 0..<logits.count {
      var plus = logits
      plus.storage[index] += step
      var minus = logits
      minus.storage[index] -= step
      let numeric =
        (try Loss.softmaxCrossEntropy(logits: plus, labels: labels, labelSmoothing: 0.1).loss
          - Loss.softmaxCrossEntropy(logits: minus, labels: labels, labelSmoothing: 0.1).loss)
        / (2 * step)
      #expect(abs(numeric - analytic.gradient.storage[index]) < 1e-3, "element \(index)")
    }
  }

  @Test("counts correct top-1 predictions, the first maximum winning ties")
  func correctCount() throws {
    let logits = Tensor(shape: [4, 3], storage: [5, 1, 0, 0, 1, 5, 2, 2, 0, 0, 0, 0])
    let output = try Loss.softmaxCrossEntropy(logits: logits, labels: [0, 1, 0, 2])
    #expect(output.correct == 2)
  }

  @Test("huge logits stay finite thanks to max subtraction")
  func stability() throws {
    let logits = Tensor(shape: [2, 2], storage: [1000, 0, -1000, 1000])
    let output = try Loss.softmaxCrossEntropy(logits: logits, labels: [0, 0])
    // Row 1 is certain and right (loss 0); row 2 is certain and wrong (loss 2000); mean 1000.
    #expect(output.loss == 1000)
    #expect(output.gradient.storage == [0, 0, -0.5, 0.5])
  }

  @Test("rejects labels out of range, mismatched shapes and non-finite logits")
  func rejections() {
    let logits = Tensor(shape: [2, 3])
    #expect { try Loss.softmaxCrossEntropy(logits: logits, labels: [0, 3]) } throws: {
      "\($0)".contains("row 1 has label 3, outside 0..<3")
    }
    #expect { try Loss.softmaxCrossEntropy(logits: logits, labels: [0]) } throws: {
      "\($0)".contains("shape [2, 3] does not match 1 labels")
    }
    #expect {
      try Loss.softmaxCrossEntropy(logits: logits, labels: [0, 1], labelSmoothing: 1)
    } throws: {
      "\($0)".contains("label smoothing")
    }
    let broken = Tensor(shape: [1, 2], storage: [.nan, 0])
    #expect { try Loss.softmaxCrossEntropy(logits: broken, labels: [0]) } throws: {
      guard case .numerical = $0 as? TriscaleError else { return false }
      return true
    }
  }
}
