import Foundation
import Testing
import TriscaleCore
import TriscaleGraph
import TriscaleTestSupport

/// Model files whose header was edited and whose checksum was recomputed, so
/// that only the crafted numbers are wrong: attributes near `Int.max` or
/// zero, extents beyond the limits, shapes that contradict the operation,
/// invalid quantization. `evaluate` and `export` each print one `error:`
/// line naming the file and the field, exit non-zero, and create or change
/// no file.
@Suite("Crafted model files")
struct CraftedModelFileTests {
  /// A float model edit: what to change in a valid dscnn-micro graph or its
  /// weights, and a fragment the error must contain.
  struct FloatCase: Sendable, CustomTestStringConvertible {
    let name: String
    let fragment: String
    let edit: @Sendable (inout ModelFile) -> Void
    var testDescription: String { name }
  }

  /// An int8 model edit on a seeded random model, and the fragment.
  struct Int8Case: Sendable, CustomTestStringConvertible {
    let name: String
    let fragment: String
    let edit: @Sendable (inout Int8Model) -> Void
    var testDescription: String { name }
  }

  /// `model`'s first convolution (node 1) with `edit` applied.
  private static func editFirstConvolution(
    _ model: inout ModelFile, _ edit: (inout Conv2DAttributes) -> Void
  ) {
    guard case .conv2d(var attributes) = model.graph.nodes[1].operation else { return }
    edit(&attributes)
    model.graph.nodes[1].operation = .conv2d(attributes)
  }

  static let floatCases: [FloatCase] = [
    FloatCase(name: "stride 0", fragment: "stride 0 is outside 1...65536") {
      editFirstConvolution(&$0) { $0.stride = 0 }
    },
    FloatCase(name: "kernel Int.max", fragment: "kernel \(Int.max) is outside 1...65536") {
      editFirstConvolution(&$0) { $0.kernel = .max }
    },
    FloatCase(name: "stride 2^31", fragment: "stride 2147483648 is outside 1...65536") {
      editFirstConvolution(&$0) { $0.stride = 1 << 31 }
    },
    FloatCase(name: "input height near Int.max", fragment: "input shape height") {
      $0.graph.nodes[0].shape[0] = .max - 1
    },
    FloatCase(name: "stored shape contradicts inference", fragment: "stores shape [1, 1, 1]") {
      $0.graph.nodes[1].shape = [1, 1, 1]
    },
    FloatCase(name: "NaN weight", fragment: "holds a value that is not a finite number") {
      let key = $0.parameters.keys[0]
      $0.parameters[key]?.storage[0] = .nan
    },
  ]

  static let int8Cases: [Int8Case] = [
    Int8Case(name: "zero point -2^31", fragment: "zero point -2147483648 is outside [-128, 127]") {
      $0.tensors[1].quantization.zeroPoint = .min
    },
    Int8Case(name: "scale 0", fragment: "its scale 0.0 is not a finite positive number") {
      $0.tensors[2].quantization.scale = 0
    },
    Int8Case(name: "output of the wrong width", fragment: "its shape is [11]") {
      $0.tensors[$0.tensors.count - 1].shape = [11]
    },
    Int8Case(name: "kernel Int.max", fragment: "kernel \(Int.max) is outside 1...65536") {
      guard case .convolution(var convolution) = $0.operations[0] else { return }
      convolution.kernel = .max
      $0.operations[0] = .convolution(convolution)
    },
  ]

  /// Runs `command` (with "MODEL" standing for `path`) and checks the one
  /// error line and that the scratch folder's files are exactly as before.
  private func expectRefusal(
    _ command: [String], model path: String, in scratch: ScratchDirectory, fragment: String
  ) async throws {
    let before = try snapshot(scratch)
    let output = try await TriscaleProcess.run(
      command.map { $0 == "MODEL" ? path : $0 }, in: scratch)
    output.expectOneLineError(mentioning: [path, fragment])
    #expect(try snapshot(scratch) == before, "`\(output.commandLine)` changed the folder")
  }

  /// The folder's files and their bytes, without the harness's own
  /// `triscale-*.stdout` and `.stderr` captures.
  private func snapshot(_ scratch: ScratchDirectory) throws -> [String: Data] {
    var files: [String: Data] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: scratch.path)
    where !(name.hasPrefix("triscale-") && (name.hasSuffix(".stdout") || name.hasSuffix(".stderr")))
    {
      files[name] = try Data(contentsOf: URL(fileURLWithPath: scratch.file(name)))
    }
    return files
  }

  @Test(arguments: floatCases)
  func craftedFloatModelIsRefused(_ crafted: FloatCase) async throws {
    let scratch = try ScratchDirectory()
    defer { scratch.remove() }
    let graph = try ModelZoo.graph(named: "dscnn-micro")
    var model = ModelFile(graph: graph, parameters: ParameterStore(initializing: graph, seed: 3))
    crafted.edit(&model)
    let path = scratch.file("crafted.tsm")
    try model.encoded().write(to: URL(fileURLWithPath: path))
    for command in [
      ["evaluate", "MODEL", "--threads", "1"],
      ["export", "--model", "MODEL", "--output", scratch.file("out.tflite")],
      ["quantize", "MODEL", "--output", scratch.file("out.int8.tsm")],
    ] {
      try await expectRefusal(command, model: path, in: scratch, fragment: crafted.fragment)
    }
  }

  @Test(arguments: int8Cases)
  func craftedInt8ModelIsRefused(_ crafted: Int8Case) async throws {
    let scratch = try ScratchDirectory()
    defer { scratch.remove() }
    var model = RandomInt8Model.make(seed: 2)
    crafted.edit(&model)
    let path = scratch.file("crafted.int8.tsm")
    try Int8ModelFile.encoded(model).write(to: URL(fileURLWithPath: path))
    for command in [
      ["evaluate", "MODEL", "--threads", "1"],
      ["export", "--variant", "int8", "--model", "MODEL", "--output", scratch.file("out.tflite")],
    ] {
      try await expectRefusal(command, model: path, in: scratch, fragment: crafted.fragment)
    }
  }
}
