import Foundation
import Testing
import TriscaleCore
import TriscaleData
import TriscaleDeploy
import TriscaleGraph
import TriscaleInt8
import TriscaleOptimize
import TriscaleTestSupport

/// The generated C99 projects build warning-free (`-std=c99 -Wall -Wextra
/// -Werror -pedantic` is in their Makefile) and compute exactly what
/// ``Int8Executor`` computes, on the host and, when the Arm toolchain and QEMU
/// are installed (`scripts/install-system-deps.sh`), on Cortex-M4, M7 and M33 under QEMU.
@Suite("C99 projects for microcontrollers")
struct MCUProjectTests {
  /// The models: every int8 operation (seeded random), and `dscnn-micro`
  /// and `resnet8` (residual blocks, run fused and in place) with seeded
  /// weights quantized on random images.
  static func model(_ name: String) throws -> Int8Model {
    if name == "random-int8" { return RandomInt8Model.make(seed: 11) }
    let graph = try ModelZoo.graph(named: name)
    let parameters = ParameterStore(initializing: graph, seed: 5)
    var random = SeededRandom(seed: 6)
    let calibration = try Dataset(
      name: "random", imageShape: [32, 32, 3], classCount: 10,
      pixels: (0..<(16 * 3072)).map { _ in UInt8(random.nextInt(below: 256)) },
      labels: (0..<16).map { UInt8($0 % 10) })
    return try PostTrainingQuantizer.quantize(
      graph: graph, parameters: parameters, calibration: calibration, normalization: .cifar10,
      images: 16)
  }

  /// Generates, builds and runs `model` for `target` calling `kernels` (by
  /// default the target's) on `count` random images; expects outputs
  /// identical to the host runtime's.
  static func expectAgreement(
    _ model: Int8Model, target: MCUTarget, kernels: MCUKernelChoice? = nil, count: Int
  ) throws {
    let prepared = try Int8PreparedModel(model: model)
    let project = try MCUProject(prepared: prepared, target: target, kernels: kernels)
    let name = "\(model.name)-\(target.rawValue)-\(project.report.kernels.rawValue)"
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "triscale-mcu-\(name)-\(UUID().uuidString)"
    ).path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try project.write(to: folder)
    let sizes = try MCUProjectRun.build(directory: folder, target: target)
    #expect((sizes != nil) == target.profile.isBareMetal)
    let inputs = RandomInt8Model.inputs(for: model, count: count, seed: 7)
    let executor = Int8Executor(prepared: prepared)
    let expected = try inputs.flatMap { try executor.run($0) }
    let result = try MCUProjectRun.run(
      directory: folder, target: target, input: inputs.flatMap { $0 })
    #expect(result.outputs.count == expected.count)
    let differing = zip(result.outputs, expected).filter { $0 != $1 }.count
    #expect(differing == 0, "\(differing) of \(expected.count) int8 outputs differ")
    #expect(Set(expected).count > 5, "outputs should vary across images")
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    let report = try decoder.decode(
      MCUReport.self,
      from: Data(contentsOf: URL(fileURLWithPath: folder + "/" + MCUProject.reportName)))
    #expect(report.measured == sizes)
    #expect((report.qemuRun?.images == count) == target.profile.isBareMetal)
  }

  @Test(
    "the host build is warning-free and identical to Int8Executor",
    arguments: [
      "random-int8", "dscnn-micro", "resnet8",
    ])
  func host(model: String) throws {
    try #require(MCUProjectRun.missingTools(for: .host).isEmpty, "make and cc are needed")
    try Self.expectAgreement(Self.model(model), target: .host, count: 20)
  }

  @Test(
    "under QEMU, Cortex-M4, M7 and M33 builds are warning-free and identical to Int8Executor",
    .enabled(
      if: MCUProjectRun.missingTools(for: .cortexM4).isEmpty,
      "arm-none-eabi-gcc or qemu-system-arm missing: run scripts/install-system-deps.sh"),
    arguments: [MCUTarget.cortexM4, .cortexM7, .cortexM33],
    ["random-int8", "dscnn-micro", "resnet8"])
  func qemu(target: MCUTarget, model: String) throws {
    try Self.expectAgreement(Self.model(model), target: target, count: 8)
  }

  @Test(
    "under QEMU on Cortex-M4, the reference and the DSP kernels are both identical to Int8Executor",
    .enabled(
      if: MCUProjectRun.missingTools(for: .cortexM4).isEmpty,
      "arm-none-eabi-gcc or qemu-system-arm missing: run scripts/install-system-deps.sh"),
    arguments: MCUKernelChoice.allCases, ["random-int8", "dscnn-micro"])
  func qemuKernels(kernels: MCUKernelChoice, model: String) throws {
    try Self.expectAgreement(Self.model(model), target: .cortexM4, kernels: kernels, count: 8)
  }

  @Test("the Cortex-M targets call the DSP convolution by default; the host cannot run it")
  func kernelChoicePerTarget() throws {
    let prepared = try Int8PreparedModel(model: RandomInt8Model.make(seed: 11))
    for target in [MCUTarget.cortexM4, .cortexM7, .cortexM33] {
      let project = try MCUProject(prepared: prepared, target: target)
      #expect(project.report.kernels == .cortexMDSP)
      #expect(project.files["conv_dsp.c"] != nil && project.files["conv.c"] == nil)
      #expect(project.report.operations.contains { $0.function == "ts_conv2d_s8_dsp" })
      #expect(project.files["model.c"]?.contains("#include \"triscale_cortexm.h\"") == true)
    }
    let reference = try MCUProject(prepared: prepared, target: .cortexM4, kernels: .reference)
    #expect(reference.files["conv_dsp.c"] == nil && reference.files["conv.c"] != nil)
    #expect(try MCUProject(prepared: prepared, target: .host).report.kernels == .reference)
    #expect(throws: TriscaleError.self) {
      _ = try MCUProject(prepared: prepared, target: .host, kernels: .cortexMDSP)
    }
  }

  @Test("a model whose arena exceeds the RAM budget is refused, naming budget, need and layer")
  func refusesWhatDoesNotFit() throws {
    let large = Int8Model(
      name: "wide",
      tensors: [
        .init(name: "input", shape: [96, 96, 8], quantization: .init(scale: 0.1, zeroPoint: 0)),
        .init(
          name: "wide.conv", shape: [96, 96, 8], quantization: .init(scale: 0.1, zeroPoint: 0)),
      ],
      operations: [
        .convolution(
          Int8Convolution(
            input: 0, output: 1, kernel: 1, stride: 1, padding: .valid, groups: 1,
            activation: .none, weights: [Int8](repeating: 1, count: 64),
            weightScales: [Float](repeating: 0.01, count: 8), bias: [Int32](repeating: 0, count: 8))
        )
      ])
    do {
      _ = try MCUProject(prepared: Int8PreparedModel(model: large), target: .cortexM4)
      Issue.record("a 144 KiB arena was accepted for a 128 KiB RAM")
    } catch let error as TriscaleError {
      let message = error.description
      #expect(!message.contains("\n"))
      #expect(message.contains("131072-byte budget"), "\(message)")
      #expect(message.contains("147456-byte arena"), "\(message)")
      #expect(message.contains("layer 'wide.conv'"), "\(message)")
      #expect(message.contains("cortex-m7"), "\(message)")
    }
  }
}

extension MCUProjectTests {
  @Test("a model whose weights exceed the flash budget is refused, naming the largest layer")
  func refusesWeightsOverFlash() throws {
    let quantization = QuantizationParameters(scale: 0.1, zeroPoint: 0)
    let heavy = Int8Model(
      name: "heavy",
      tensors: [
        .init(name: "input", shape: [600], quantization: quantization),
        .init(name: "heavy.dense", shape: [1000], quantization: quantization),
      ],
      operations: [
        .fullyConnected(
          Int8FullyConnected(
            input: 0, output: 1, activation: .none,
            weights: [Int8](repeating: 1, count: 600_000), weightScale: 0.01,
            bias: [Int32](repeating: 0, count: 1000)))
      ])
    #expect {
      _ = try MCUProject(prepared: Int8PreparedModel(model: heavy), target: .cortexM33)
    } throws: { error in
      let message = String(describing: error)
      return message.contains("bytes of flash on cortex-m33")
        && message.contains("524288-byte budget") && message.contains("layer 'heavy.dense'")
        && message.contains("cortex-m4")
    }
  }
}
