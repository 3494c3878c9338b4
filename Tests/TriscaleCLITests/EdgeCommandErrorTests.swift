import Foundation
import Testing
import TriscaleCore
import TriscaleGraph

/// Malformed requests to the edge-tier commands (`prune`, `quantize`,
/// `export`, `evaluate` of int8 files, `bench latency`): one line naming the
/// problem, a non-zero exit, no crash and no output file.
@Suite("Edge command errors")
struct EdgeCommandErrorTests {
  @Test("every malformed request gets one clear error line")
  func malformedRequests() async throws {
    let scratch = try ScratchDirectory()
    defer { scratch.remove() }
    let float = scratch.file("model.tsm")
    let int8 = scratch.file("model.int8.tsm")
    try await TriscaleProcess.run(
      ["train", "--train-limit", "64"] + TinyTraining.flags(output: float), in: scratch
    ).expectSuccess()
    try await TriscaleProcess.run(
      ["quantize", float, "--output", int8, "--calibration-images", "16", "--threads", "1"],
      in: scratch
    ).expectSuccess()
    let unsupported = scratch.file("standalone-bn.tsm")
    try Self.modelWithStandaloneBatchNorm().write(path: unsupported)
    let damaged = scratch.file("damaged.int8.tsm")
    let bytes = try Data(contentsOf: URL(fileURLWithPath: int8))
    try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: damaged))
    let out = scratch.file("out")
    let cases: [([String], [String])] = [
      (["prune", float, "--output", out, "--sparsity", "1"], ["--sparsity", "outside [0, 1)"]),
      (["prune", float, "--output", out, "--sparsity", "1.5"], ["--sparsity", "outside [0, 1)"]),
      (["prune", float, "--output", out, "--sparsity", "lots"], ["--sparsity", "lots"]),
      (["prune", float, "--output", out, "--method", "random"], ["--method", "random"]),
      (["prune", float, "--output", out, "--scope", "everywhere"], ["--scope", "everywhere"]),
      (["prune", float, "--output", out, "--sparsity-schedule", "exponential"], ["exponential"]),
      (
        ["prune", float, "--output", out, "--method", "structured", "--target-macs", "0"],
        ["--target-macs", "outside (0, 1]"]
      ),
      (
        ["prune", float, "--output", out, "--method", "structured", "--criterion", "taylor"],
        ["--criterion", "taylor"]
      ),
      (["prune", int8, "--output", out], ["int8 model", "Prune the float model"]),
      (
        ["quantize", float, "--output", out, "--calibration-images", "0"],
        ["--calibration-images", "empty calibration set"]
      ),
      (["quantize", int8, "--output", out], ["already an int8 model"]),
      (["quantize", float, "--output", out, "--calibration", "kl"], ["calibration", "kl"]),
      (["quantize", float, "--output", out, "--method", "awq"], ["--method", "awq"]),
      (
        ["export", "--format", "tflite", "--variant", "int8", "--model", float, "--output", out],
        ["not an int8 model"]
      ),
      (
        ["export", "--format", "tflite", "--variant", "bf16", "--model", float, "--output", out],
        ["--variant", "bf16"]
      ),
      (["export", "--format", "onnx", "--model", float, "--output", out], ["onnx"]),
      (
        [
          "export", "--format", "tflite", "--variant", "float32", "--model", unsupported,
          "--output",
          out,
        ],
        ["loose.bn", "batch norm"]
      ),
      (["evaluate", damaged], ["damaged.int8.tsm", "truncated"]),
      (["bench", "latency", "--int8", int8, "--python", "/nonexistent/python"], ["--python"]),
    ]
    for (arguments, fragments) in cases {
      let output = try await TriscaleProcess.run(arguments, in: scratch)
      output.expectOneLineError(mentioning: fragments)
      #expect(
        !FileManager.default.fileExists(atPath: out), "`\(output.commandLine)` left \(out) behind")
    }
  }

  /// conv → ReLU → batch norm (which cannot fold: a ReLU sits between) → pool → dense.
  static func modelWithStandaloneBatchNorm() throws -> ModelFile {
    var builder = GraphBuilder(name: "loose-bn", inputShape: [32, 32, 3])
    try builder.append(.conv2d(Conv2DAttributes(filters: 4, kernel: 3)), name: "conv")
    try builder.append(.relu, name: "conv.relu")
    try builder.append(.batchNorm(epsilon: 1e-3, momentum: 0.99), name: "loose.bn")
    try builder.append(.globalAvgPool, name: "pool")
    try builder.append(.dense(units: 10, useBias: true), name: "classifier")
    return ModelFile(
      graph: builder.graph, parameters: ParameterStore(initializing: builder.graph, seed: 1))
  }
}
