import Foundation
import TriscaleCore

/// Builds a generated project and runs it on a batch of images: with the
/// host's `cc`, or with `arm-none-eabi-gcc` and under `qemu-system-arm`
/// with semihosting and `-icount shift=0` (deterministic: the virtual clock
/// advances one nanosecond per executed instruction).
public enum MCUProjectRun {
  /// What one run printed and wrote.
  public struct Result: Equatable, Sendable {
    /// The int8 outputs, one `outputBytes` row per image.
    public var outputs: [Int8]
    /// Ticks of the MPS2 CMSDK timer 0 spent in `triscale_model_invoke`
    /// over all images (bare-metal runs only).
    public var timerTicks: Int?
    /// The stack high-water mark of the first image, in bytes (bare-metal runs only).
    public var stackBytes: Int?

    /// Executed instructions in the model over all images, to within one
    /// timer tick (``MCUBoardProfile/qemuInstructionsPerTick``) per image
    /// (QEMU runs only).
    public var instructions: Int?
  }

  /// The tools a run for `target` needs that are not on the `PATH`.
  public static func missingTools(for target: MCUTarget) -> [String] {
    var tools = ["make", "cc"]
    if target.profile.isBareMetal { tools = ["make", "arm-none-eabi-gcc", "arm-none-eabi-size"] }
    if target.profile.qemuMachine != nil { tools.append("qemu-system-arm") }
    return tools.filter { !MCUCommand.isAvailable($0) }
  }

  /// Builds the project in `directory` for `target`; for a bare-metal
  /// target returns `arm-none-eabi-size`'s figures and records them in
  /// its `report.json` (`measured`).
  @discardableResult
  public static func build(directory: String, target: MCUTarget) throws -> MCUSectionSizes? {
    guard target.profile.isBareMetal else {
      _ = try MCUCommand.run(["make", "host"], in: directory)
      return nil
    }
    _ = try MCUCommand.run(["make"], in: directory)
    let sources = try FileManager.default.contentsOfDirectory(atPath: directory)
      .filter { $0.hasSuffix(".c") && $0 != "main.c" }
    let sizes = try MCUSectionSizes(
      sysvOutput: MCUCommand.run(["arm-none-eabi-size", "-A", "build/model.elf"], in: directory),
      map: String(contentsOfFile: directory + "/build/model.map", encoding: .utf8),
      modelObjects: Set(sources.map { String($0.dropLast(2)) + ".o" }))
    try updateReport(in: directory) { $0.measured = sizes }
    return sizes
  }

  /// Rewrites the `report.json` in `directory` after `change`.
  static func updateReport(in directory: String, _ change: (inout MCUReport) -> Void) throws {
    let path = directory + "/" + MCUProject.reportName
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    var report = try decoder.decode(
      MCUReport.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    change(&report)
    try AtomicFile.write(MCUProject.encoded(report), to: path)
  }

  /// Runs the built project in `directory` on `input` (N images of the
  /// model's input bytes): the host binary, or the ELF under QEMU, whose
  /// instruction count and stack high-water mark are recorded in its
  /// `report.json` (`qemu_run`).
  public static func run(directory: String, target: MCUTarget, input: [Int8]) throws -> Result {
    let inputPath = directory + "/input.bin"
    let outputPath = directory + "/output.bin"
    try AtomicFile.write(input.withUnsafeBytes { Data($0) }, to: inputPath)
    let command: [String]
    if let machine = target.profile.qemuMachine {
      command = [
        "qemu-system-arm", "-M", machine, "-nographic", "-monitor", "none", "-serial", "none",
        "-semihosting-config", "enable=on,target=native", "-icount", "shift=0", "-kernel",
        "build/model.elf",
      ]
    } else {
      command = ["build/model-host", "input.bin", "output.bin"]
    }
    let printed = try MCUCommand.run(command, in: directory)
    func values(_ key: String) -> [Int] {
      printed.split(separator: "\n").compactMap { line -> Int? in
        let fields = line.split(separator: " ")
        return fields.count == 2 && fields[0] == key ? Int(fields[1]) : nil
      }
    }
    let ticks = values("ticks")
    let outputs = try Data(contentsOf: URL(fileURLWithPath: outputPath)).map {
      Int8(bitPattern: $0)
    }
    let result = Result(
      outputs: outputs, timerTicks: ticks.isEmpty ? nil : ticks.reduce(0, +),
      stackBytes: values("stack_bytes").first,
      instructions: target.profile.qemuInstructionsPerTick.flatMap { perTick in
        ticks.isEmpty ? nil : ticks.reduce(0, +) * perTick
      })
    if let instructions = result.instructions, let stack = result.stackBytes {
      try updateReport(in: directory) {
        $0.qemuRun = MCUReport.QEMURun(
          images: ticks.count, instructionsPerImage: instructions / max(ticks.count, 1),
          stackBytes: stack)
      }
    }
    return result
  }
}
