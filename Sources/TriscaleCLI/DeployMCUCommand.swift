import ArgumentParser
import TriscaleArtifact
import TriscalePipeline

/// `triscale deploy mcu`: a standalone C99 project for a microcontroller.
struct DeployMCUCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "mcu",
    abstract: "Generate a C99 project for a microcontroller from an int8 model.",
    discussion: """
      Writes model.h, model.c (weights as const arrays, one static arena planned by Triscale), \
      the kernels it calls (Cortex-M DSP or reference), main.c, a Makefile (arm-none-eabi-gcc and host cc), a \
      linker script for the board profile and report.json. A model that does not fit the \
      profile's RAM or flash is refused. With --run-images N the project is built and run \
      (host, or QEMU for the Cortex-M targets) on N test images and its int8 outputs \
      compared with the host runtime's; docs/mcu.md has the details.
      """)

  @Argument(help: "Int8 model file (`triscale quantize`).") var modelFile: String
  @Option(help: "cortex-m4 (mps2-an386), cortex-m7 (mps2-an500), cortex-m33 (mps2-an505) or host.")
  var target = "cortex-m4"
  @Option(
    help:
      "Kernels the generated code calls: dsp or reference (default: dsp on Cortex-M, reference on host)."
  ) var kernels: String?
  @Option(help: "The project folder to write (replaced only if an earlier project is there).")
  var output: String
  @Option(help: "Build and run the project on this many test images (0: generate only).")
  var runImages = 0
  @Option(
    help:
      "When --run-images needs arm-none-eabi-gcc or qemu-system-arm and one is missing: fail, or skip (generate only and say so)."
  ) var ifToolsMissing = "fail"
  @OptionGroup var data: DatasetOptions

  /// The library configuration these flags describe.
  var stageConfiguration: DeployMCUStage.Configuration {
    var configuration = DeployMCUStage.Configuration()
    configuration.settings.target = target
    configuration.settings.kernels = kernels
    configuration.settings.runImages = runImages
    configuration.settings.ifToolsMissing = ifToolsMissing
    configuration.data = data.configuration
    return configuration
  }

  func validate() throws { try stageConfiguration.validate() }

  func run() throws {
    let result = try DeployMCUStage.run(
      stageConfiguration, input: ModelArtifact.read(path: modelFile),
      context: StageContext(
        checkpointPath: "", filePath: { _ in output }, command: commandLineText
      ) { _ in })
    StagePrinter(prefix: "deploy mcu").show(result.record)
  }
}
