import Foundation
import TriscaleCore
import TriscaleData
import TriscaleGraph

/// A model with its card: float (graph and weights) or int8. Every stage reads
/// and writes artifacts; the pipeline cache and the registry key on ``id``.
///
/// On disk an artifact is an ordinary Triscale model file (float `TRISCALE`
/// or int8 `TRISINT8`) whose metadata holds the card as JSON under
/// ``cardKey``, so every command reads it. Files written before model cards
/// existed are read too: their card is rebuilt from their metadata with the
/// lineage stage "import" (see ``ModelCard/imported(from:)``).
public struct ModelArtifact: Sendable {
  /// The model itself.
  public enum Weights: Sendable {
    /// A float graph with its fp32 weights.
    case float(graph: Graph, parameters: ParameterStore)
    /// A fully quantized int8 model.
    case int8(Int8Model)
  }

  /// The metadata key that holds the card.
  public static let cardKey = "card"

  /// The model.
  public var weights: Weights
  /// What it is, where it came from, and its figures.
  public var card: ModelCard

  /// An artifact over a model and its card.
  public init(weights: Weights, card: ModelCard) {
    self.weights = weights
    self.card = card
  }

  /// The float graph and weights, or an error naming `stage` and `fix` when this is an int8 model.
  public func floatModel(for stage: String, fix: String) throws -> (
    graph: Graph, parameters: ParameterStore
  ) {
    guard case .float(let graph, let parameters) = weights else {
      throw TriscaleError.invalidArgument(
        name: "\(stage) input", problem: "the model is already an int8 model", fix: fix)
    }
    return (graph, parameters)
  }

  /// The int8 model, or an error naming `stage` and `fix` when this is a float model.
  public func int8Model(for stage: String, fix: String) throws -> Int8Model {
    guard case .int8(let model) = weights else {
      throw TriscaleError.invalidArgument(
        name: "\(stage) input", problem: "the model is not an int8 model", fix: fix)
    }
    return model
  }

  /// The content hash: SHA-256 over the architecture, the weights and the
  /// lineage — not over figures or dates, so the same computation gives the same id.
  public var id: String {
    var digest = ContentHash.Builder()
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    switch weights {
    case .float(let graph, let parameters):
      digest.add("float")
      digest.add(Array((try? encoder.encode(graph)) ?? Data()))
      for spec in graph.parameterSpecs {
        digest.add(spec.key)
        digest.add(parameters[spec.key].map(Self.bytes) ?? [])
      }
    case .int8(var model):
      model.metadata = [:]
      digest.add("int8")
      digest.add(Array((try? encoder.encode(model)) ?? Data()))
    }
    digest.add(Array((try? encoder.encode(card.lineage)) ?? Data()))
    return String(digest.finalize().prefix(32))
  }

  private static func bytes(_ tensor: Tensor) -> [UInt8] {
    tensor.storage.withUnsafeBytes { Array($0) }
  }

  /// Writes the artifact atomically as a model file with its card.
  public func write(to path: String) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    let cardText = String(decoding: try encoder.encode(card), as: UTF8.self)
    switch weights {
    case .float(let graph, let parameters):
      try ModelFile(graph: graph, parameters: parameters, metadata: [Self.cardKey: cardText])
        .write(path: path)
    case .int8(var model):
      model.metadata = [Self.cardKey: cardText]
      try Int8ModelFile.write(model, to: path)
    }
  }

  /// Reads a float or int8 model file and its card; anything but a regular
  /// file (a directory, device, pipe or FIFO) is refused before it is opened.
  public static func read(path: String) throws -> ModelArtifact {
    try InputFile.requireRegular(
      path: path, what: "model file", fix: "Check the path, or train a model with `triscale train`")
    if Int8ModelFile.isInt8Model(path: path) {
      let model = try Int8ModelFile.read(path: path)
      let card = try card(in: model.metadata, path: path) {
        try ModelCard.imported(
          from: model.metadata, architecture: model.name, precision: "int8",
          inputShape: model.input.shape, classCount: model.output.elementCount)
      }
      return ModelArtifact(weights: .int8(model), card: card)
    }
    let file = try ModelFile.read(path: path)
    let card = try card(in: file.metadata, path: path) {
      try ModelCard.imported(
        from: file.metadata, architecture: file.graph.name, precision: "fp32",
        inputShape: file.graph.inputShape, classCount: file.graph.outputShape.reduce(1, *))
    }
    return ModelArtifact(
      weights: .float(graph: file.graph, parameters: file.parameters), card: card)
  }

  private static func card(
    in metadata: [String: String], path: String, legacy: () throws -> ModelCard
  ) throws -> ModelCard {
    guard let text = metadata[cardKey] else { return try legacy() }
    do {
      let card = try JSONDecoder().decode(ModelCard.self, from: Data(text.utf8))
      guard card.version == ModelCard.currentVersion else {
        throw TriscaleError.invalidFile(
          path: path,
          problem:
            "its model card has version \(card.version); this build reads \(ModelCard.currentVersion)",
          fix: "Use the Triscale version that wrote it, or re-create the model")
      }
      return card
    } catch let error as TriscaleError {
      throw error
    } catch {
      let problem =
        (error as? DecodingError).map {
          ": "
            + DecodingProblem($0, in: try? JSONSerialization.jsonObject(with: Data(text.utf8)))
            .description
        } ?? " (it is not JSON)"
      throw TriscaleError.invalidFile(
        path: path, problem: "its model card is not valid\(problem)",
        fix: "Re-create the model with `triscale train` or a pipeline")
    }
  }
}
