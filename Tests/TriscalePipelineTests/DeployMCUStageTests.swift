import Foundation
import Testing
import TriscaleArtifact
import TriscaleCore
import TriscaleGraph
import TriscalePipeline
import TriscaleTestSupport

/// The `deploy-mcu` stage as a pipeline file names it: decoded from its
/// mapping, it writes the project folder into its context.
@Suite("deploy-mcu stage")
struct DeployMCUStageTests {
  @Test("a deploy-mcu mapping decodes and the stage writes the project folder")
  func writesTheProject() throws {
    #expect(StageKind.all.contains("deploy-mcu"))
    let configuration = try DeployMCUStage.Configuration.decode(
      ["target": "host", "run-images": 0], stage: "mcu")
    #expect(configuration.settings.target == "host")
    let folder = try TestFolder.make()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let model = RandomInt8Model.make(seed: 2)
    let card = ModelCard(
      architecture: model.name, precision: "int8", dataset: "random", normalization: nil,
      inputShape: model.input.shape, classCount: 10, classNames: [],
      lineage: Lineage(parent: nil, stage: "quantize", configuration: "{}"))
    let output = try DeployMCUStage.run(
      configuration, input: ModelArtifact(weights: .int8(model), card: card),
      context: StageContext(checkpointPath: folder + "/checkpoint", command: "test") { _ in })
    let project = output.files[DeployMCUStage.folderName] ?? ""
    #expect(FileManager.default.fileExists(atPath: project + "/model.c"))
    #expect(FileManager.default.fileExists(atPath: project + "/report.json"))
    #expect(!FileManager.default.fileExists(atPath: project + "/board.ld"), "the host needs none")
    #expect(output.record.lines.first?.contains("arena") == true)
  }

  @Test("an unknown target is one error naming the flag and the targets")
  func unknownTarget() throws {
    #expect(throws: TriscaleError.self) {
      try DeployMCUStage.Configuration.decode(["target": "cortex-a53"], stage: "mcu")
    }
  }
}
