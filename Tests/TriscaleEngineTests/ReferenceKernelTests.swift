import Foundation
import Testing
import TriscaleCore
import TriscaleEngine
import TriscaleGraph

/// The reference kernels on small inputs worked out by hand, so the reference
/// is checked independently of oneDNN (a shared misreading of a convention
/// would otherwise pass every agreement test).
@Suite struct ReferenceKernelTests {
  @Test func samePaddingGoesAtTheBottomAndRight() throws {
    // 2x2 image [[1, 2], [3, 4]], 2x2 kernel of ones, stride 1: TensorFlow pads one row and column after.
    let output = try ReferenceConv2D.forward(
      input: Tensor(shape: [1, 2, 2, 1], storage: [1, 2, 3, 4]),
      kernel: Tensor(shape: [2, 2, 1, 1], repeating: 1),
      bias: Tensor(shape: [1], storage: [0.5]), attributes: Conv2DAttributes(filters: 1, kernel: 2))
    #expect(output.storage == [10.5, 6.5, 7.5, 4.5])
  }

  @Test func groupsReadTheirOwnChannels() throws {
    // Two groups of two filters: filters 0, 1 read channel 0, filters 2, 3 read channel 1.
    let attributes = Conv2DAttributes(filters: 4, kernel: 1, groups: 2, useBias: false)
    let input = Tensor(shape: [1, 1, 1, 2], storage: [1, 10])
    let kernel = Tensor(shape: [1, 1, 1, 4], storage: [1, 2, 3, 4])
    #expect(
      try ReferenceConv2D.forward(input: input, kernel: kernel, bias: nil, attributes: attributes)
        .storage == [1, 2, 30, 40])
    let gradients = try ReferenceConv2D.backward(
      input: input, kernel: kernel,
      outputGradient: Tensor(shape: [1, 1, 1, 4], storage: [1, 1, 1, 1]),
      attributes: attributes)
    #expect(gradients.input.storage == [3, 7])
    #expect(gradients.kernel.storage == [1, 1, 10, 10])
    #expect(gradients.bias.storage == [1, 1, 1, 1])
  }

  @Test func averagePoolingExcludesPadding() throws {
    // 3x3 image 1...9, 2x2 window, stride 2, same: the padded windows average fewer values.
    let input = Tensor(shape: [1, 3, 3, 1], storage: (1...9).map(Float.init))
    let attributes = PoolAttributes(size: 2, stride: 2, padding: .same)
    #expect(
      try ReferenceAveragePool.forward(input: input, attributes: attributes).storage == [
        3, 4.5, 7.5, 9,
      ])
    let gradient = try ReferenceAveragePool.backward(
      input: input, outputGradient: Tensor(shape: [1, 2, 2, 1], repeating: 1),
      attributes: attributes)
    #expect(gradient.storage == [0.25, 0.25, 0.5, 0.25, 0.25, 0.5, 0.5, 0.5, 1])
  }

  @Test func maxPoolingRoutesTheGradientToTheFirstMaximum() throws {
    let input = Tensor(shape: [1, 2, 2, 1], storage: [1, 7, 7, 2])
    let attributes = PoolAttributes(size: 2, stride: 2)
    #expect(try ReferenceMaxPool.forward(input: input, attributes: attributes).storage == [7])
    let gradient = try ReferenceMaxPool.backward(
      input: input, outputGradient: Tensor(shape: [1, 1, 1, 1], storage: [5]),
      attributes: attributes)
    #expect(gradient.storage == [0, 5, 0, 0])
  }

  @Test func batchNormUsesBiasedBatchVarianceAndUnbiasedMovingVariance() throws {
    // One channel with values 1 and 3: mean 2, biased variance 1, unbiased variance 2.
    let input = Tensor(shape: [2, 1], storage: [1, 3])
    let (output, statistics) = try ReferenceBatchNorm.forwardTraining(
      input: input, gamma: Tensor(shape: [1], storage: [2]), beta: Tensor(shape: [1], storage: [1]),
      epsilon: 1e-3)
    let scale = Float(2 / (1 + 1e-3).squareRoot())
    expectClose(output.storage, [1 - scale, 1 + scale], tolerance: 1e-6, "normalized")
    #expect(statistics.mean == [2] && statistics.variance == [1] && statistics.sampleCount == 2)
    let moving = try ReferenceBatchNorm.updatedMovingAverages(
      movingMean: Tensor(shape: [1], storage: [0]),
      movingVariance: Tensor(shape: [1], storage: [1]),
      statistics: statistics, momentum: 0.9)
    #expect(
      abs(moving.mean.storage[0] - 0.2) < 1e-6 && abs(moving.variance.storage[0] - 1.1) < 1e-6)
  }

  @Test func softmaxNormalizesEachRowOfTheLastDimension() throws {
    let logThree = Float(log(3.0))
    let output = try ReferenceSoftmax.forward(
      input: Tensor(shape: [1, 1, 2, 2], storage: [0, logThree, 5, 5 + logThree]))
    expectClose(output.storage, [0.25, 0.75, 0.25, 0.75], tolerance: 1e-6, "softmax")
  }

  @Test func dropoutMaskDropsAboutTheRateAndScalesTheRest() {
    let mask = ReferenceDropout.mask(count: 10_000, rate: 0.25, seed: 5)
    let dropped = mask.filter { $0 == 0 }.count
    #expect((2_300...2_700).contains(dropped))
    #expect(mask.allSatisfy { $0 == 0 || abs($0 - 4 / 3) < 1e-6 })
    #expect(mask == ReferenceDropout.mask(count: 10_000, rate: 0.25, seed: 5))
  }

  @Test func mismatchedShapesThrow() {
    let input = Tensor(shape: [1, 3, 3, 2])
    #expect(throws: TriscaleError.self) {
      _ = try ReferenceConv2D.forward(
        input: input, kernel: Tensor(shape: [3, 3, 1, 4]), bias: nil,
        attributes: Conv2DAttributes(filters: 4, kernel: 3))
    }
    #expect(throws: TriscaleError.self) {
      _ = try ReferenceMaxPool.forward(
        input: Tensor(shape: [3, 3, 2]), attributes: PoolAttributes(size: 2, stride: 2))
    }
    #expect(throws: TriscaleError.self) {
      _ = try ReferenceDense.forward(
        input: Tensor(shape: [2, 5]), kernel: Tensor(shape: [4, 3]), bias: nil)
    }
    #expect(throws: TriscaleError.self) {
      _ = try ReferenceDropout.forward(input: input, mask: [1])
    }
  }
}
