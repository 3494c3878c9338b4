import TriscaleCore

/// Plain inverted dropout given an explicit mask, for tests and validation only.
public enum ReferenceDropout {
  /// The mask ``FloatExecutor`` draws from `seed`: element by element, 0 with
  /// probability `rate` (a uniform draw below `rate`), else 1/(1 − rate).
  public static func mask(count: Int, rate: Float, seed: UInt64) -> [Float] {
    var random = SeededRandom(seed: seed)
    let keep = 1 / (1 - rate)
    return (0..<count).map { _ in random.nextUniform() < rate ? 0 : keep }
  }

  /// `input · mask`, element by element.
  public static func forward(input: Tensor, mask: [Float]) throws -> Tensor {
    try requireMask(mask, for: input)
    return Tensor(shape: input.shape, storage: zip(input.storage, mask).map { $0 * $1 })
  }

  /// dLoss/dInput given `outputGradient`: `outputGradient · mask`.
  public static func backward(outputGradient: Tensor, mask: [Float]) throws -> Tensor {
    try forward(input: outputGradient, mask: mask)
  }

  private static func requireMask(_ mask: [Float], for input: Tensor) throws {
    guard mask.count == input.count else {
      throw TriscaleError.invalidArgument(
        name: "dropout mask", problem: "\(mask.count) values for \(input.count) activations",
        fix: "Pass one mask value per activation")
    }
  }
}
