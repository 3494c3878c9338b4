import Testing
import TriscaleCore
import TriscaleGraph
import TriscaleTrain

/// The fp16 loss-scaling rule: overflow skips the step and halves the scale;
/// a good step divides the gradients by the scale; enough good steps in a row
/// double it.
@Suite struct LossScalerTests {
  static func gradients(_ values: [Float]) -> ParameterStore {
    var store = ParameterStore()
    store["a.kernel"] = Tensor(shape: [values.count], storage: values)
    store["a.bias"] = Tensor(shape: [1], storage: [8])
    return store
  }

  @Test(arguments: [Float.infinity, -.infinity, .nan])
  func overflowSkipsTheStepAndHalvesTheScale(_ bad: Float) {
    var scaler = LossScaler(scale: 1024, growthInterval: 4)
    var gradients = Self.gradients([1, bad, 3])
    let original = gradients
    let applied = scaler.unscale(&gradients)
    #expect(!applied)
    #expect(scaler.scale == 512)
    #expect(scaler.skippedSteps == 1)
    #expect(scaler.goodSteps == 0)
    #expect(gradients["a.bias"] == original["a.bias"])
  }

  @Test func aGoodStepDividesByTheScale() throws {
    var scaler = LossScaler(scale: 1024, growthInterval: 4)
    var gradients = Self.gradients([1024, -2048, 3])
    let applied = scaler.unscale(&gradients)
    #expect(applied)
    #expect(try #require(gradients["a.kernel"]).storage == [1, -2, 3 / 1024])
    #expect(try #require(gradients["a.bias"]).storage == [8 / 1024])
    #expect(scaler.scale == 1024)
    #expect(scaler.goodSteps == 1)
    #expect(scaler.skippedSteps == 0)
  }

  @Test func theScaleDoublesAfterEnoughGoodStepsInARow() {
    var scaler = LossScaler(scale: 256, growthInterval: 3)
    var finite = Self.gradients([1])
    var overflowing = Self.gradients([.infinity])
    _ = scaler.unscale(&finite)
    _ = scaler.unscale(&finite)
    _ = scaler.unscale(&overflowing)  // resets the run of good steps
    #expect(scaler.scale == 128)
    for _ in 0..<2 { _ = scaler.unscale(&finite) }
    #expect(scaler.scale == 128)
    _ = scaler.unscale(&finite)
    #expect(scaler.scale == 256)
    #expect(scaler.goodSteps == 0)
    #expect(scaler.skippedSteps == 1)
  }

  @Test func theScaleStaysWithinItsBounds() {
    var low = LossScaler(scale: LossScaler.minimumScale)
    var overflowing = Self.gradients([.nan])
    let lowApplied = low.unscale(&overflowing)
    #expect(!lowApplied)
    #expect(low.scale == LossScaler.minimumScale)
    var high = LossScaler(scale: LossScaler.maximumScale, growthInterval: 1)
    var finite = Self.gradients([1])
    let highApplied = high.unscale(&finite)
    #expect(highApplied)
    #expect(high.scale == LossScaler.maximumScale)
    #expect(LossScaler(scale: 1e30).scale == LossScaler.maximumScale)
  }
}
