import Foundation
import TriscaleArtifact
import TriscaleData
import TriscaleGraph
import TriscaleServe

/// Small float models and scratch registries for the serving tests.
enum ServeFixtures {
  /// A fresh, empty folder.
  static func folder() throws -> String {
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("triscale-serve-tests-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  /// dscnn-micro on 8×8 RGB images, 4 classes, weights seeded `seed` (so
  /// each seed is a different artifact).
  static func model(seed: UInt64) throws -> ModelArtifact {
    let graph = try ModelZoo.dscnnMicro(inputShape: [8, 8, 3], classCount: 4)
    let card = ModelCard(
      architecture: graph.name, precision: "fp32", dataset: "synthetic",
      normalization: .cifar10, inputShape: [8, 8, 3], classCount: 4,
      classNames: ["a", "b", "c", "d"],
      lineage: Lineage(parent: nil, stage: "train", configuration: "{\"seed\":\(seed)}"))
    return ModelArtifact(
      weights: .float(
        graph: graph, parameters: try ParameterStore(initializing: graph, seed: seed)),
      card: card)
  }

  /// A registry in a new folder with `versions` versions of model "m".
  static func registry(versions: Int) throws -> ModelRegistry {
    let registry = try ModelRegistry(root: try folder() + "/registry")
    for seed in 0..<versions {
      try registry.register(try model(seed: UInt64(seed + 1)), as: "m", actor: "test")
    }
    return registry
  }
}
