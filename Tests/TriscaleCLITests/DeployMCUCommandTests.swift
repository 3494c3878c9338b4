import Foundation
import Testing
import TriscaleCore
import TriscaleGraph
import TriscaleTestSupport

/// `triscale deploy mcu` as a user runs it: a project folder written whole,
/// and a model too large for the board refused in one line with nothing
/// left behind.
@Suite("triscale deploy mcu")
struct DeployMCUCommandTests {
  /// An int8 model whose one 1×1 convolution needs two 96×96×8 tensors
  /// (144 KiB of arena): more than cortex-m4's 128 KiB of RAM.
  static func wideModel() -> Int8Model {
    let quantization = QuantizationParameters(scale: 0.1, zeroPoint: 0)
    return Int8Model(
      name: "wide",
      tensors: [
        .init(name: "input", shape: [96, 96, 8], quantization: quantization),
        .init(name: "wide.conv", shape: [96, 96, 8], quantization: quantization),
      ],
      operations: [
        .convolution(
          Int8Convolution(
            input: 0, output: 1, kernel: 1, stride: 1, padding: .valid, groups: 1,
            activation: .none, weights: [Int8](repeating: 1, count: 64),
            weightScales: [Float](repeating: 0.01, count: 8),
            bias: [Int32](repeating: 0, count: 8)))
      ])
  }

  @Test("a model too large for the RAM budget: one error line, non-zero exit, no folder")
  func refusesWhatDoesNotFit() async throws {
    let scratch = try ScratchDirectory()
    defer { scratch.remove() }
    let model = scratch.file("wide.int8.tsm")
    try Int8ModelFile.write(Self.wideModel(), to: model)
    let output = try await TriscaleProcess.run(
      ["deploy", "mcu", model, "--target", "cortex-m4", "--output", scratch.file("project")],
      in: scratch)
    output.expectOneLineError(
      mentioning: ["131072-byte budget", "147456-byte arena", "layer 'wide.conv'", "cortex-m7"])
    #expect(try scratch.visibleFiles() == ["wide.int8.tsm"], "nothing but the model is left")
  }

  @Test("a model that fits: the whole project, replaced whole on a second run")
  func writesTheProject() async throws {
    let scratch = try ScratchDirectory()
    defer { scratch.remove() }
    let model = scratch.file("random.int8.tsm")
    try Int8ModelFile.write(RandomInt8Model.make(seed: 3), to: model)
    let project = scratch.file("project")
    for _ in 0..<2 {
      try await TriscaleProcess.run(
        ["deploy", "mcu", model, "--target", "cortex-m4", "--output", project], in: scratch
      ).expectSuccess()
    }
    let files = try FileManager.default.contentsOfDirectory(atPath: project).sorted()
    #expect(
      files == [
        "Makefile", "add.c", "board.ld", "conv_dsp.c", "depthwise_conv.c", "dsp_dot.h",
        "fully_connected.c", "main.c", "model.c", "model.h", "pool.c", "report.json",
        "requantize.c", "startup.s", "triscale_cortexm.h", "triscale_reference.h",
      ])
    #expect(try scratch.visibleFiles() == ["project", "random.int8.tsm"])
  }

  @Test("without the Arm toolchain on PATH: skip generates the project and says so; fail refuses")
  func missingToolchain() async throws {
    let scratch = try ScratchDirectory()
    defer { scratch.remove() }
    let model = scratch.file("random.int8.tsm")
    try Int8ModelFile.write(RandomInt8Model.make(seed: 3), to: model)
    let noTools = ["PATH": scratch.file("no-tools")]
    let arguments = ["deploy", "mcu", model, "--target", "cortex-m4", "--run-images", "1"]
    let skipped = try await TriscaleProcess.run(
      arguments + ["--output", scratch.file("skipped"), "--if-tools-missing", "skip"], in: scratch,
      environment: noTools)
    try skipped.expectSuccess()
    #expect(
      skipped.standardOutput.contains(
        "not built or run: make and arm-none-eabi-gcc and arm-none-eabi-size and qemu-system-arm not found"
      ))
    #expect(FileManager.default.fileExists(atPath: scratch.file("skipped") + "/model.c"))
    let refused = try await TriscaleProcess.run(
      arguments + ["--output", scratch.file("refused")], in: scratch, environment: noTools)
    refused.expectOneLineError(mentioning: ["qemu-system-arm not found", "--run-images 0"])
    #expect(!FileManager.default.fileExists(atPath: scratch.file("refused")))
  }
}
