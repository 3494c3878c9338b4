import Testing
import TriscaleCore
import TriscaleData
import TriscaleEngine

/// A two-class model whose logits are `[x, −x]` for the first value `x` of each image.
private final class FirstPixelModel: InferenceModel {
  let inputShape = [1, 2, 1]
  let name = "first-pixel"
  let outputWidth = 2

  func logits(for images: UnsafeBufferPointer<Float>) throws -> [Float] {
    stride(from: 0, to: images.count, by: 2).flatMap { [images[$0], -images[$0]] }
  }

  func withPreparedInference<Result>(_ body: (_ infer: () throws -> Void) throws -> Result)
    throws -> Result
  {
    try body {}
  }
}

@Suite("Evaluator")
struct EvaluatorTests {
  /// Images of two pixels, 255 or 0, normalized to ±1: (+1, −1) label 0,
  /// (−1, +1) label 1, (+1, +1) label 1.
  static func dataset() throws -> Dataset {
    try Dataset(
      name: "pairs", imageShape: [1, 2, 1], classCount: 2, pixels: [255, 0, 0, 255, 255, 255],
      labels: [0, 1, 1])
  }

  static let normalization = try! Normalization(mean: [0.5], std: [0.5])

  // Logits [1, −1] cost ln(1 + e⁻²) = 0.126928 on label 0 and 2.126928 on label 1;
  // logits [0, 0] cost ln 2 = 0.693147 and predict class 0 (the first maximum).
  @Test(
    "one loop scores any model over batches, with and without mirror averaging",
    arguments: [
      (false, 2.0 / 3, (2 * 0.126928 + 2.126928) / 3),
      (true, 1.0 / 3, (2 * 0.693147 + 2.126928) / 3),
    ])
  func scores(mirrorAveraging: Bool, accuracy: Double, loss: Double) throws {
    let result = try Evaluator.evaluate(
      FirstPixelModel(), on: Self.dataset(), normalization: Self.normalization, batchSize: 2,
      mirrorAveraging: mirrorAveraging)
    #expect(result.count == 3)
    #expect(result.accuracy == accuracy)
    #expect(abs(result.loss - loss) < 1e-5)
  }

  @Test("a dataset whose images do not match the model's input is rejected")
  func shapeMismatch() throws {
    let dataset = try Dataset(
      name: "columns", imageShape: [2, 1, 1], classCount: 2, pixels: [0, 255], labels: [0])
    #expect(throws: TriscaleError.self) {
      try Evaluator.evaluate(FirstPixelModel(), on: dataset, normalization: Self.normalization)
    }
  }
}
