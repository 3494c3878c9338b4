import Foundation
import TriscaleCore
import TriscaleData

/// A stage's configuration: plain Codable data whose keys are the command-line
/// flag names, so a command's flags and a pipeline file's stage mapping
/// decode into the same value.
public protocol StageConfiguration: Codable, Equatable, Sendable {
  /// The default configuration (every key at its default).
  init()
  /// Every key a pipeline file may give for this stage.
  static var keys: [String] { get }
  /// Checks every value, naming the key and the fix when one is out of range.
  func validate() throws
  /// What else the stage's result depends on besides its configuration and
  /// input model (the data files' identity); part of the cache key.
  func externalFingerprint() throws -> String
  /// Processes the stage runs on (`mpirun -np`); 1 for all but data-parallel training.
  var ranks: Int { get }
  /// An Open MPI host file when ``ranks`` > 1.
  var hostfile: String? { get }
}

extension StageConfiguration {
  /// The configuration as canonical JSON: sorted keys, defaults filled in.
  public var canonicalJSON: String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
  }

  /// Decodes `mapping` (YAML scalars, lists and mappings) over the defaults:
  /// an unknown key or a value of the wrong type is an error naming `stage`
  /// and the key; missing keys keep their defaults.
  public static func decode(_ mapping: [String: Any], stage: String) throws -> Self {
    let known = Set(keys)
    if let unknown = mapping.keys.sorted().first(where: { !known.contains($0) }) {
      throw TriscaleError.invalidArgument(
        name: "stage '\(stage)' key '\(unknown)'", problem: "it is not a key of this stage",
        fix: "Use one of: \(keys.sorted().joined(separator: ", "))")
    }
    let mapping =
      known.contains(DatasetConfiguration.CodingKeys.kind.stringValue)
      ? try DatasetConfiguration.inferringKind(in: mapping) : mapping
    let defaults = try JSONEncoder().encode(Self())
    var merged = (try JSONSerialization.jsonObject(with: defaults) as? [String: Any]) ?? [:]
    for (key, value) in mapping { merged[key] = value }
    let data: Data
    do {
      data = try JSONSerialization.data(withJSONObject: merged)
    } catch {
      throw TriscaleError.invalidArgument(
        name: "stage '\(stage)'", problem: "a value is not a plain scalar, list or mapping",
        fix: "Write each key as `key: value`")
    }
    let configuration: Self
    do {
      configuration = try JSONDecoder().decode(Self.self, from: data)
    } catch let error as DecodingError {
      let problem = DecodingProblem(error, in: mapping)
      throw TriscaleError.invalidArgument(
        name: "stage '\(stage)' key '\(problem.key)'",
        problem: "expected \(problem.expected), found \(problem.found)",
        fix: "Correct the value in the pipeline file")
    }
    try configuration.validate()
    return configuration
  }
}

extension StageConfiguration {
  /// No external inputs by default.
  public func externalFingerprint() throws -> String { "" }
  /// One process by default.
  public var ranks: Int { 1 }
  /// No host file by default.
  public var hostfile: String? { nil }
}
