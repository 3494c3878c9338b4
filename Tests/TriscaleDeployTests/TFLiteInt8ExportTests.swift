import Testing
import TriscaleCore
import TriscaleDeploy
import TriscaleGraph

/// Full-int8 exports of ``Int8Fixture`` run in LiteRT.
@Suite struct TFLiteInt8ExportTests {
  static let imageCount = 1000

  /// The exported model loads and runs in LiteRT with its optimized built-in
  /// kernels and with its reference kernels, which agree to within one or two
  /// levels on a few outputs only. They are not identical: the optimized
  /// (ruy) 1x1 convolution rounds its final requantization shift half up
  /// where the reference kernels round half away from zero; the one-level
  /// differences then propagate through add, pools and the classifier.
  @Test func builtinAndReferenceKernelsNearlyAgree() throws {
    let model = Int8Fixture.model(seed: 31)
    try model.validate()
    let images = Int8Fixture.images(Self.imageCount, for: model, seed: 32)
    let exported = try TFLiteExporter.encode(model)
    let builtin = try LiteRT.run(model: exported, int8s: images, kernels: .builtin, label: "int8")
    let reference = try LiteRT.run(
      model: exported, int8s: images, kernels: .reference, label: "int8-ref")
    #expect(builtin.count == Self.imageCount * model.output.elementCount)
    let differences = zip(builtin, reference).map { abs(Int($0) - Int($1)) }
    let differing = differences.filter { $0 != 0 }.count
    #expect(differences.max() ?? 0 <= 2, "kernels differ by up to \(differences.max() ?? 0) levels")
    #expect(
      differing * 100 <= builtin.count,
      "\(differing) of \(builtin.count) outputs differ between kernels")
    // The outputs must be informative, not saturated or constant.
    #expect(Set(builtin).count > 50, "the fixture's outputs take \(Set(builtin).count) values")
  }
}
