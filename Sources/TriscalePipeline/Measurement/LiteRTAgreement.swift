import Foundation
import TriscaleCore
import TriscaleGraph
import TriscaleInt8

/// How closely LiteRT's int8 outputs match Triscale's on the same quantized
/// images: LiteRT's reference kernels (which Triscale's int8 runtime matches
/// exactly) and its builtin kernels.
public struct LiteRTAgreement: Codable, Sendable {
  /// `reference` or `builtin`.
  public var kernels: String
  /// Images compared.
  public var images: Int
  /// Int8 outputs equal in both runtimes.
  public var identicalOutputs: Int
  /// Int8 outputs compared (images × classes).
  public var totalOutputs: Int
  /// The largest difference between two outputs, in quantization levels.
  public var maximumDifference: Int
  /// Images whose top-1 class is the same in both.
  public var sameTop1: Int

  /// The result as one line of text.
  public var line: String {
    "agreement with LiteRT \(kernels) kernels on \(images) images: "
      + "\(identicalOutputs) of \(totalOutputs) int8 outputs identical "
      + "(largest difference \(maximumDifference) level), same top-1 on \(sameTop1)"
  }

  /// Runs `images` (normalized floats, `count` images) through `executor`
  /// and through LiteRT on `file` (the exported `model`) with its reference
  /// and builtin kernels, and compares the int8 outputs; LiteRT's input and
  /// output files go to `directory`.
  public static func check(
    _ model: Int8Model, executor: Int8Executor, file: String, peer: LiteRTPeer,
    images: (images: [Float], count: Int), directory: String
  ) throws -> [LiteRTAgreement] {
    let pixels = model.input.elementCount
    // Quantization is elementwise, so all images at once equal one at a time.
    let quantized = images.images.withUnsafeBufferPointer { model.quantizeInput($0) }
    var ours: [Int8] = []
    for start in stride(from: 0, to: quantized.count, by: pixels) {
      ours += try executor.run(Array(quantized[start..<(start + pixels)]))
    }
    let bytes = quantized.withUnsafeBytes { Data($0) }
    let width = model.output.elementCount
    return try ["reference", "builtin"].map { kernels in
      let theirs = try peer.outputs(
        model: file, images: bytes, resolver: kernels, directory: directory
      ).map { Int8(bitPattern: $0) }
      guard theirs.count == ours.count else {
        throw TriscaleError.backend(
          operation: "LiteRT", status: "\(theirs.count) outputs for \(ours.count) expected")
      }
      func top1(_ values: ArraySlice<Int8>) -> Int? {
        values.indices.max { values[$0] < values[$1] }
      }
      let sameTop1 = (0..<images.count).filter { image in
        let range = (image * width)..<((image + 1) * width)
        return top1(ours[range]) == top1(theirs[range])
      }.count
      return LiteRTAgreement(
        kernels: kernels, images: images.count,
        identicalOutputs: zip(ours, theirs).filter { $0 == $1 }.count, totalOutputs: ours.count,
        maximumDifference: zip(ours, theirs).map { abs(Int($0) - Int($1)) }.max() ?? 0,
        sameTop1: sameTop1)
    }
  }
}
