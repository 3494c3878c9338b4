import Foundation
import TriscaleCore
import TriscaleData
import TriscaleGraph
import TriscaleOptimize

/// Writes the seed corpora under `corpus/<target>/` (the folder given as the
/// only argument, default `corpus`) with Triscale's own writers: tiny float
/// models covering every operation, their post-training int8 quantizations,
/// CIFAR-10 batches and IDX pairs. The YAML seeds are hand-written files
/// beside them, not generated. The weights, pixels and labels are seeded; the
/// key order of an int8 model's JSON varies from run to run, as
/// `Int8ModelFile.encoded` writes it.
@main
struct FuzzSeeds {
  static func main() {
    do { try writeCorpora() } catch {
      FileHandle.standardError.write(Data("error: \(error)\n".utf8))
      exit(1)
    }
  }

  static func writeCorpora() throws {
    let root = CommandLine.arguments.dropFirst().first ?? "corpus"
    var floatModels: [String: Data] = [:]
    var int8Models: [String: Data] = [:]
    for (index, graph) in try graphs().enumerated() {
      let parameters = ParameterStore(initializing: graph, seed: UInt64(index + 1))
      floatModels[graph.name] = try ModelFile(graph: graph, parameters: parameters).encoded()
      if graph.nodes.contains(where: { $0.operation == .softmax }) { continue }
      let model = try PostTrainingQuantizer.quantize(
        graph: graph, parameters: parameters, calibration: calibration(for: graph),
        normalization: Normalization(
          mean: Array(repeating: 0.5, count: graph.inputShape[2]),
          std: Array(repeating: 0.25, count: graph.inputShape[2])))
      int8Models[graph.name] = try Int8ModelFile.encoded(model)
    }
    try write(floatModels, suffix: ".tsm", to: "\(root)/fuzz-float-model")
    try write(int8Models, suffix: ".int8.tsm", to: "\(root)/fuzz-int8-model")
    try write(floatModels, suffix: ".tsm", to: "\(root)/fuzz-tflite-export")
    try write(int8Models, suffix: ".int8.tsm", to: "\(root)/fuzz-tflite-export")
    try write(cifar10Batches(), suffix: ".bin", to: "\(root)/fuzz-cifar10")
    try write(idxPairs(), suffix: ".idx", to: "\(root)/fuzz-idx")
  }

  /// Three small graphs that together use every operation; the last (with
  /// dropout and softmax) is float only.
  static func graphs() throws -> [Graph] {
    var cnn = GraphBuilder(name: "seed-cnn", inputShape: [6, 6, 3])
    try cnn.convBNReLU("stem", filters: 4)
    try cnn.convBNReLU("depthwise", filters: 4, stride: 2, groups: 4)
    try cnn.append(.conv2d(Conv2DAttributes(filters: 4, kernel: 1, padding: .valid)), name: "pw")
    try cnn.append(.relu6, name: "pw.relu6")
    try cnn.append(.maxPool(PoolAttributes(size: 2, stride: 1)), name: "pool")
    try cnn.append(.flatten, name: "flatten")
    try cnn.append(.dense(units: 3, useBias: true), name: "classifier")

    var residual = GraphBuilder(name: "seed-residual", inputShape: [4, 4, 2])
    try residual.append(.conv2d(Conv2DAttributes(filters: 4, kernel: 3)), name: "stem")
    let activated = try residual.append(.relu, name: "stem.relu")
    let main = try residual.append(
      .conv2d(Conv2DAttributes(filters: 4, kernel: 3, useBias: false)), name: "conv")
    try residual.append(.add, inputs: [main, activated], name: "add")
    try residual.append(.avgPool(PoolAttributes(size: 2, stride: 2, padding: .same)), name: "pool")
    try residual.append(.globalAvgPool, name: "gap")
    try residual.append(.dense(units: 2, useBias: true), name: "classifier")

    var head = GraphBuilder(name: "seed-softmax", inputShape: [3, 3, 1])
    try head.append(.conv2d(Conv2DAttributes(filters: 2, kernel: 2, padding: .valid)), name: "c")
    try head.append(.dropout(rate: 0.5), name: "drop")
    try head.append(.flatten, name: "flatten")
    try head.append(.dense(units: 2, useBias: false), name: "classifier")
    try head.append(.softmax, name: "softmax")
    return [cnn.graph, residual.graph, head.graph]
  }

  /// Eight seeded random images of `graph`'s input shape, labels cycling through its classes.
  static func calibration(for graph: Graph) throws -> Dataset {
    var random = SeededRandom(seed: 7)
    let classes = graph.outputShape.reduce(1, *)
    let pixels = (0..<(8 * graph.inputShape.reduce(1, *))).map { _ in
      UInt8(truncatingIfNeeded: random.next())
    }
    return try Dataset(
      name: "calibration", imageShape: graph.inputShape, classCount: classes, pixels: pixels,
      labels: (0..<8).map { UInt8($0 % classes) })
  }

  /// CIFAR-10 batches of one and two records (label byte, three 32×32 planes).
  static func cifar10Batches() -> [String: Data] {
    var random = SeededRandom(seed: 3)
    func record(label: UInt8) -> [UInt8] {
      [label] + (0..<(3 * 32 * 32)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
    }
    return [
      "one-record": Data(record(label: 0)),
      "two-records": Data(record(label: 9) + record(label: 4)),
    ]
  }

  /// IDX label and image files in the packing `fuzz-idx` reads: a
  /// little-endian UInt16 labels length, the labels file, the images file.
  static func idxPairs() -> [String: Data] {
    func header(_ magic: UInt32, _ extents: [Int]) -> [UInt8] {
      ([magic] + extents.map { UInt32($0) }).flatMap { value in
        [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) }
      }
    }
    func pair(count: Int, shape: [Int]) -> Data {
      let labels = header(0x0801, [count]) + (0..<count).map { UInt8($0 % 10) }
      let pixels = (0..<(count * shape.reduce(1, *))).map { UInt8(truncatingIfNeeded: $0 * 37) }
      let images = header(UInt32(0x0801 + shape.count), [count] + shape) + pixels
      return Data([UInt8(labels.count & 0xFF), UInt8(labels.count >> 8)] + labels + images)
    }
    return [
      "gray-3d": pair(count: 3, shape: [5, 4]),
      "rgb-4d": pair(count: 2, shape: [3, 3, 3]),
      "one-channel-4d": pair(count: 2, shape: [4, 4, 1]),
    ]
  }

  /// Writes each entry of `files` as `directory/NAME+suffix`.
  static func write(_ files: [String: Data], suffix: String, to directory: String) throws {
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    for (name, data) in files {
      try data.write(to: URL(fileURLWithPath: "\(directory)/\(name)\(suffix)"))
    }
  }
}
