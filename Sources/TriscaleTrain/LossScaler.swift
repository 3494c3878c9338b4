import TriscaleCore
import TriscaleGraph

/// Dynamic loss scaling for fp16 training.
///
/// fp16 stores magnitudes from about 6e-8 to 65504, so small activation
/// gradients underflow to zero. The trainer multiplies the loss gradient by
/// ``scale`` before the backward pass and divides the parameter gradients by
/// it afterwards (in fp32). When a gradient overflowed (inf or NaN), the step
/// is skipped and the scale halved; after ``growthInterval`` good steps in a
/// row it doubles, so it stays near the largest scale that does not overflow.
public struct LossScaler: Equatable, Sendable {
  /// The factor applied to the loss gradient.
  public private(set) var scale: Float
  /// Good steps in a row after which the scale doubles.
  public let growthInterval: Int
  /// Good steps since the scale last changed.
  public private(set) var goodSteps = 0
  /// Steps skipped because a gradient overflowed.
  public private(set) var skippedSteps = 0

  /// The smallest scale: halving stops here (gradients that overflow at
  /// scale 1 overflow in fp32 too).
  public static let minimumScale: Float = 1
  /// The largest scale: doubling stops here, well inside fp32's range.
  public static let maximumScale: Float = 0x1p24

  /// A scaler starting at `scale` (2^16 by default, as PyTorch's GradScaler).
  public init(scale: Float = 0x1p16, growthInterval: Int = 2000) {
    self.scale = min(max(scale, Self.minimumScale), Self.maximumScale)
    self.growthInterval = max(1, growthInterval)
  }

  /// A scaler resumed mid-run with its saved state.
  public init(scale: Float, growthInterval: Int = 2000, goodSteps: Int, skippedSteps: Int) {
    self.init(scale: scale, growthInterval: growthInterval)
    self.goodSteps = max(0, goodSteps)
    self.skippedSteps = max(0, skippedSteps)
  }

  /// Divides `gradients` (computed from a loss scaled by ``scale``) by the
  /// scale and returns true; or, when any of them is inf or NaN, leaves them,
  /// halves the scale, counts a skipped step and returns false. Either way the
  /// scale adapts for the next step.
  public mutating func unscale(_ gradients: inout ParameterStore) -> Bool {
    for key in gradients.keys {
      guard let tensor = gradients[key], tensor.storage.allSatisfy(\.isFinite) else {
        scale = max(scale / 2, Self.minimumScale)
        goodSteps = 0
        skippedSteps += 1
        return false
      }
    }
    let inverse = 1 / scale
    for key in gradients.keys {
      guard var tensor = gradients[key] else { continue }
      for index in tensor.storage.indices { tensor.storage[index] *= inverse }
      gradients[key] = tensor
    }
    goodSteps += 1
    if goodSteps >= growthInterval {
      scale = min(scale * 2, Self.maximumScale)
      goodSteps = 0
    }
    return true
  }
}
