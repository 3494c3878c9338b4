import Testing
import TriscaleCore
import TriscaleDeploy
import TriscaleEngine
import TriscaleGraph
import TriscaleInt8

/// Full-int8 exports of ``Int8Fixture`` in LiteRT against ``Int8Executor``
/// on 1,000 random int8 images: identical, level for level, to the reference
/// kernels; within one level of the optimized builtin kernels.
/// On a mismatch the test finds the first operation whose output differs
/// (by running prefixes of the model) and names it with the size of the
/// difference.
@Suite struct TFLiteInt8ExecutorTests {
  static let imageCount = 1000

  /// LiteRT's reference kernels — the semantics TensorFlow Lite Micro runs
  /// on microcontrollers, which ``Int8Executor`` follows (double-rounding
  /// requantization for CONV_2D, DEPTHWISE_CONV_2D and ADD; one rounding for
  /// FULLY_CONNECTED): every output must be identical.
  @Test(arguments: [true, false])
  func referenceKernelsMatchInt8Executor(activations: Bool) throws {
    let report = try Self.compare(kernels: .reference, activations: activations)
    #expect(report == nil, "\(report ?? "")")
  }

  /// LiteRT's optimized builtin kernels (ruy on x86) round the final shift
  /// of CONV_2D and FULLY_CONNECTED requantization half up instead of half
  /// away from zero, so negative exact halves may land one level apart
  /// (measured: 313 of 128,000 outputs of an un-ReLU'd 1x1 conv). Anything
  /// beyond one level is a real disagreement.
  @Test(arguments: [true, false])
  func builtinKernelsAgreeWithinOneLevel(activations: Bool) throws {
    let model = Int8Fixture.model(seed: 31, activations: activations)
    let images = Int8Fixture.images(Self.imageCount, for: model, seed: 32)
    let executor = try Int8Executor(model: model)
    let size = model.input.elementCount
    var expected: [Int8] = []
    for start in stride(from: 0, to: images.count, by: size) {
      expected += try executor.run(Array(images[start..<(start + size)]))
    }
    let actual = try LiteRT.run(
      model: TFLiteExporter.encode(model), int8s: images, kernels: .builtin, label: model.name)
    #expect(actual.count == expected.count)
    let worst = zip(actual, expected).map { abs(Int($0) - Int($1)) }.max() ?? 0
    #expect(worst <= 1, "builtin kernels differ by up to \(worst) levels")
  }

  /// nil when LiteRT and ``Int8Executor`` agree on every output, otherwise
  /// a line naming the first operation that differs.
  static func compare(kernels: LiteRT.Kernels, activations: Bool) throws -> String? {
    let model = Int8Fixture.model(seed: 31, activations: activations)
    let images = Int8Fixture.images(imageCount, for: model, seed: 32)
    guard let whole = try differences(model, images: images, kernels: kernels) else { return nil }
    for length in 1...model.operations.count {
      let prefix = Self.prefix(of: model, operations: length)
      if let first = try differences(prefix, images: images, kernels: kernels) {
        return
          "\(kernels), activations \(activations): first difference at operation \(length - 1) "
          + "(\(kindName(model.operations[length - 1])) → '\(prefix.output.name)'): \(first); "
          + "final output: \(whole)"
      }
    }
    return "\(kernels): outputs differ (\(whole)) though no prefix does"
  }

  /// "n of m values differ, by up to k levels", or nil when identical.
  static func differences(_ model: Int8Model, images: [Int8], kernels: LiteRT.Kernels) throws
    -> String?
  {
    let executor = try Int8Executor(model: model)
    let size = model.input.elementCount
    var expected: [Int8] = []
    for start in stride(from: 0, to: images.count, by: size) {
      expected += try executor.run(Array(images[start..<(start + size)]))
    }
    let actual = try LiteRT.run(
      model: TFLiteExporter.encode(model), int8s: images, kernels: kernels, label: model.name)
    guard actual.count == expected.count else {
      return "LiteRT returned \(actual.count) values, Int8Executor \(expected.count)"
    }
    let gaps = zip(actual, expected).map { abs(Int($0) - Int($1)) }
    let differing = gaps.filter { $0 != 0 }.count
    guard differing > 0 else { return nil }
    return "\(differing) of \(gaps.count) values differ, by up to \(gaps.max()!) levels"
  }

  /// The model cut after its first `count` operations (the fixture is a
  /// chain: operation i writes tensor i + 1).
  static func prefix(of model: Int8Model, operations count: Int) -> Int8Model {
    Int8Model(
      name: model.name + "-\(count)", tensors: Array(model.tensors[0...count]),
      operations: Array(model.operations[0..<count]))
  }

  static func kindName(_ operation: Int8Operation) -> String {
    switch operation {
    case .convolution(let convolution):
      convolution.isDepthwise
        ? "depthwise conv \(convolution.kernel)x\(convolution.kernel)"
        : "conv \(convolution.kernel)x\(convolution.kernel)"
    case .fullyConnected: "fully connected"
    case .add: "add"
    case .maxPool: "max pool"
    case .averagePool: "average pool"
    case .reshape: "reshape"
    }
  }
}
